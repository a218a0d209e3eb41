import type { FinishStatusCode } from '../calls/status-code';

/**
 * Parameters of the Bitrix24 telephony methods we call, named exactly as the REST API names them
 * (docs/BITRIX24-CONTRACT.md section 4).
 */

/** 1 outgoing, 2 incoming, 3 incoming redirected, 4 callback, 5 information call. */
export type CallType = 1 | 2 | 3 | 4 | 5;

export type CrmEntityType = 'CONTACT' | 'COMPANY' | 'LEAD';

export interface RegisterParams {
  USER_ID: number;
  PHONE_NUMBER: string;
  TYPE: CallType;
  /** ISO-8601 with the local offset: when the call began ringing. */
  CALL_START_DATE: string;
  /** Unique per physical call, so Bitrix24's 30-minute dedupe never merges two real calls, while a
   * retried register of the same call gets the same CALL_ID back. */
  EXTERNAL_CALL_ID: string;
  LINE_NUMBER?: string;
  SHOW: 0 | 1;
  CRM_CREATE: 0 | 1;
  CRM_ENTITY_TYPE?: CrmEntityType;
  CRM_ENTITY_ID?: number;
  CALL_LIST_ID?: number;
}

export interface RegisterResult {
  CALL_ID: string;
  CRM_ENTITY_TYPE?: string;
  CRM_ENTITY_ID?: number | string;
  CRM_CREATED_LEAD?: number | string | null;
  LEAD_CREATION_ERROR?: string;
}

/** finish without CALL_ID: the outbox fills it in from the call's registration when delivering. */
export interface FinishParams {
  USER_ID: number;
  DURATION: number;
  STATUS_CODE: FinishStatusCode;
  FAILED_REASON?: string;
  ADD_TO_CHAT?: 0 | 1;
}

/** One thing to tell Bitrix24 about a call; every step but `register` needs the call's CALL_ID. */
export type BitrixStep =
  | { kind: 'register'; params: RegisterParams }
  | { kind: 'show'; userIds: number[] }
  | { kind: 'hide'; userIds: number[] }
  | { kind: 'finish'; params: FinishParams };
