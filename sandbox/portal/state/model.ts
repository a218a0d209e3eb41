/**
 * What the emulated portal holds. Field names follow Bitrix24's own (upper case) where the REST
 * API shows them, so a record can be answered without translation.
 */

/** A parameter value as a PHP script on the portal would see it after transport parsing. */
export type ParamValue = string | number | boolean | null | ParamValue[] | ParamMap;
export interface ParamMap {
  [key: string]: ParamValue;
}

export interface User {
  ID: number;
  ACTIVE: boolean;
  IS_ADMIN: boolean;
  NAME: string;
  LAST_NAME: string;
  EMAIL: string;
  WORK_POSITION: string;
  /** Internal number (extension); null when the user has none. */
  UF_PHONE_INNER: string | null;
  WORK_PHONE: string | null;
  PERSONAL_PHONE: string | null;
  PERSONAL_MOBILE: string | null;
  TIMEMAN_STATUS: 'OPENED' | 'CLOSED' | 'PAUSED' | 'EXPIRED' | 'UNAVAILABLE' | 'NOT_INSTALLED';
  UF_DEPARTMENT: number[];
}

export interface App {
  /** REST_APP_ID in statistics rows. */
  ID: number;
  name: string;
  clientId: string;
  clientSecret: string;
  /** Scopes from the application card; tokens never get more. */
  scope: string[];
  /** L: local application. */
  status: 'L' | 'F' | 'D' | 'T' | 'P';
  version: string;
  /** Secret sent in every event's auth[application_token]; a new one on each (re)install. */
  applicationToken: string;
  installed: boolean;
  /** Where ONAPPINSTALL is POSTed (the "initial installation path" of a local app). */
  installUrl: string | null;
  /** Where /oauth/authorize/ sends the user back (configured in the app card, never in the request). */
  redirectUri: string | null;
  /** Whether this app is the default line for outgoing calls, i.e. receives ONEXTERNALCALLSTART. */
  defaultOutgoingLine: boolean;
}

export interface AccessToken {
  token: string;
  appClientId: string;
  userId: number;
  issuedAt: number;
  expiresAt: number;
  /** Set by a revocation (reinstall, refresh with refreshRevokesOldAccessToken). */
  revoked: boolean;
  refreshToken: string | null;
}

export interface RefreshToken {
  token: string;
  appClientId: string;
  userId: number;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  /** When it was exchanged: a used refresh token gives invalid_grant. */
  usedAt: number | null;
}

export interface AuthCode {
  code: string;
  appClientId: string;
  userId: number;
  expiresAt: number;
  used: boolean;
}

export interface Webhook {
  userId: number;
  code: string;
  scope: string[];
  createdAt: number;
}

export interface PhoneEntry {
  ID: string;
  VALUE_TYPE: 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'PAGER' | 'OTHER';
  VALUE: string;
  TYPE_ID: 'PHONE';
}

export type CrmEntityType = 'CONTACT' | 'COMPANY' | 'LEAD';

export interface CrmEntity {
  type: CrmEntityType;
  ID: number;
  /** Contact and lead: person's name; company: empty. */
  NAME: string;
  LAST_NAME: string;
  /** Company and lead title. */
  TITLE: string;
  PHONE: PhoneEntry[];
  ASSIGNED_BY_ID: number;
  COMPANY_ID: number | null;
  SOURCE_ID: string;
  STATUS_ID: string;
  DATE_CREATE: number;
  /** CALL_ID of the registration that created this entity (CRM_CREATE=1), if any. */
  createdByCall: string | null;
}

export interface CrmActivity {
  ID: number;
  OWNER_TYPE: CrmEntityType;
  OWNER_ID: number;
  /** crm_enum_activitytype: 2 is a call (finish writes calls; crm.activity.add any type). */
  TYPE_ID: number;
  /** Empty for an activity crm.activity.add made of another type than a call. */
  PROVIDER_ID: 'VOXIMPLANT_CALL' | '';
  /** 1 incoming, 2 outgoing. */
  DIRECTION: 1 | 2;
  SUBJECT: string;
  RESPONSIBLE_ID: number;
  START_TIME: number;
  END_TIME: number;
  COMPLETED: 'Y' | 'N';
  ORIGIN_ID: string;
  /** The telephony call that wrote it; empty for one crm.activity.add made. */
  CALL_ID: string;
  DURATION: number;
  STATUS_CODE: string;
  RECORD_FILE_ID: number | null;
}

/**
 * A message Bitrix24 writes into a user's chat about a finished call (finish's ADD_TO_CHAT, on by
 * default): how the portal tells that user of a call, a missed one above all.
 */
export interface ChatMessage {
  ID: number;
  userId: number;
  CALL_ID: string;
  at: string;
  text: string;
}

export interface ExternalLine {
  ID: number;
  appClientId: string;
  NUMBER: string;
  NAME: string;
  CRM_AUTO_CREATE: 'Y' | 'N';
}

export interface EventHandler {
  id: number;
  appClientId: string;
  event: string;
  handler: string;
  /** User whose tokens the event carries; 0: the user who triggered the event. */
  authType: number;
  offline: boolean;
  boundBy: number;
  boundAt: number;
}

export interface RequestRecord {
  at: string;
  params: ParamMap;
}

export interface OutcomeRecord extends RequestRecord {
  outcome: 'ok' | 'error';
  error?: { code: string; description: string };
}

export interface CallRecording {
  FILE_ID: number;
  FILENAME: string;
  size: number;
  contentType: string;
  format: 'mp3' | 'wav';
  durationSec: number;
  attachedAt: string;
  via: 'FILE_CONTENT' | 'uploadUrl' | 'RECORD_URL';
  /** Base64 of the file (kept in memory and in snapshots). */
  content: string;
}

export interface Transcription {
  TRANSCRIPT_ID: number;
  at: string;
  MESSAGES: { SIDE: 'User' | 'Client'; START_TIME: number; STOP_TIME: number; MESSAGE: string }[];
  COST: string | null;
  COST_CURRENCY: string | null;
}

/** The finish result / statistics row, field for field as telephony.externalCall.finish returns it. */
export type StatisticsRow = Record<string, string | number | null | Record<string, never>>;

export interface Call {
  CALL_ID: string;
  appClientId: string;
  /** How the call came to exist: an app's register, or the portal's own click-to-call. */
  source: 'rest' | 'click-to-call';
  userId: number;
  phoneNumber: string;
  type: 1 | 2 | 3 | 4 | 5;
  lineNumber: string | null;
  externalCallId: string | null;
  callListId: number | null;
  startDate: number;
  crmEntityType: CrmEntityType | null;
  crmEntityId: number | null;
  createdLeadId: number | null;
  createdEntities: { ENTITY_TYPE: CrmEntityType; ENTITY_ID: number }[];
  leadCreationError: string | null;
  registeredAt: number;
  register: ParamMap;
  registerRequests: (RequestRecord & { deduplicated: boolean })[];
  finish: ParamMap | null;
  finishedAt: number | null;
  finishRequests: OutcomeRecord[];
  statistics: StatisticsRow | null;
  statisticsId: number | null;
  records: CallRecording[];
  replacedRecords: CallRecording[];
  attachRecordRequests: OutcomeRecord[];
  transcriptions: Transcription[];
  /** userId -> when the card was shown to that user. */
  cards: Record<string, number>;
  activityId: number | null;
}

export interface PendingUpload {
  token: string;
  CALL_ID: string;
  FILENAME: string;
  accessToken: string | null;
  createdAt: number;
  used: boolean;
}

export interface EventDelivery {
  id: number;
  at: string;
  event: string;
  handlerId: number | null;
  handlerUrl: string;
  /** The form-encoded body as sent (or as it would have been sent when dropped). */
  body: string;
  /** The same body decoded to nested fields, for reading. */
  fields: ParamMap;
  outcome: 'delivered' | 'http-error' | 'network-error' | 'dropped' | 'skipped';
  status: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

export interface RequestLogEntry {
  id: number;
  at: string;
  kind: 'rest' | 'oauth' | 'upload';
  httpMethod: string;
  path: string;
  /** Method name lower-cased without `.json`; for OAuth `oauth/token`. */
  method: string;
  authKind: 'oauth' | 'webhook' | 'none';
  userId: number | null;
  appClientId: string | null;
  ip: string;
  params: ParamMap;
  status: number;
  error: string | null;
  errorDescription: string | null;
  /** Set when an injected fault decided the answer. */
  fault: string | null;
  /** The batch request this command ran inside. */
  batchOf: number | null;
  durationMs: number;
}
