import type { BitrixStep, RegisterResult } from '../../../common/bitrix/telephony';
import { BitrixCallError } from './bitrix-call-error';
import type { BitrixClient } from './bitrix-client';
import type { CrmMatch } from './crm-search';

type LeadForMissedCall = Extract<BitrixStep, { kind: 'leadForMissedCall' }>;

/** What an attempt journals in its step before the next request leaves. */
export interface MissedCallLeadProgress {
  /** crm.lead.add left at least once: a lead with the number may be ours. */
  leadAddSent?: true;
  /** The lead crm.lead.add created (or, after a lost answer, the one it must have created). */
  leadId?: number;
  /** crm.activity.add left at least once: a repeat looks for that activity first. */
  activityAddSent?: true;
}

export type MissedCallLeadResult =
  | { leadId: number; activityId: number }
  /** Why no lead was made: the register bound a record, or the number is known by now. */
  | { none: string };

export interface MissedCallLeadInput {
  /** The call's Bitrix24 CALL_ID (finished already). */
  callId: string;
  step: LeadForMissedCall;
  /** What the call's register answered, when we registered it. */
  registered: Partial<RegisterResult> | null;
  /** What an earlier attempt of this step journaled. */
  progress: MissedCallLeadProgress | null;
  /** Journals progress; returns once it is on disk. */
  save(progress: MissedCallLeadProgress): void;
}

/** Lead and activity types of the CRM REST API: owner type 1 is a lead, activity type 2 a call, direction 1 incoming. */
const leadOwnerType = 1;
const callActivity = 2;
const incomingDirection = 1;

/**
 * crmCreate.missed (docs/ARCHITECTURE.md#domain-rules): a missed incoming call whose register
 * bound no CRM record gets a lead for the caller (`crm.lead.add`) and, on it, an open call
 * activity for the agent - the task to call back (`crm.activity.add`). The number is searched
 * once more first, so a number that became known meanwhile gets nothing.
 *
 * Idempotent across retries and restarts: the lead's ID is journaled in the step before the
 * activity is added, so a repeat adds only the activity. A repeat after a lead.add whose answer
 * was lost (host killed, timeout) finds that lead by the number and takes it as its own instead
 * of adding a second one; after an activity.add whose answer was lost, it looks for the activity
 * by the call (ORIGIN_ID) first.
 */
export class MissedCallLeads {
  constructor(
    private readonly crm: {
      /** The CRM's entries for the number, asked now (never from a cache). */
      find(phone: string): Promise<CrmMatch[]>;
    },
  ) {}

  async deliver(client: BitrixClient, input: MissedCallLeadInput): Promise<MissedCallLeadResult> {
    const { registered, step } = input;
    if (registered?.CRM_ENTITY_ID || registered?.CRM_CREATED_LEAD)
      return { none: 'the register bound the call to a CRM record' };
    const phone = step.params.PHONE_NUMBER;
    let leadId = input.progress?.leadId;
    if (leadId === undefined) {
      const found = await this.crm.find(phone);
      if (found.length > 0) {
        const ours = input.progress?.leadAddSent
          ? found.find((match) => match.CRM_ENTITY_TYPE === 'LEAD')
          : undefined;
        if (!ours) return { none: 'the number is known to the CRM' };
        leadId = Number(ours.CRM_ENTITY_ID);
      } else {
        input.save({ leadAddSent: true });
        leadId = positiveId(
          await client.call<unknown>('crm.lead.add', {
            fields: {
              TITLE: `Missed call from ${phone}`,
              PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }],
              SOURCE_ID: 'CALL',
              ASSIGNED_BY_ID: step.params.USER_ID,
            },
          }),
          'crm.lead.add',
        );
      }
      input.save({ leadAddSent: true, leadId });
    }
    const progress: MissedCallLeadProgress = { leadAddSent: true, leadId };
    if (input.progress?.activityAddSent) {
      const landed = await client.call<Array<{ ID?: unknown }>>('crm.activity.list', {
        filter: { OWNER_TYPE_ID: leadOwnerType, OWNER_ID: leadId, ORIGIN_ID: input.callId },
        select: ['ID'],
      });
      const earlier = Array.isArray(landed) ? landed[0] : undefined;
      if (earlier) return { leadId, activityId: positiveId(earlier.ID, 'crm.activity.list') };
    }
    input.save({ ...progress, activityAddSent: true });
    const activityId = positiveId(
      await client.call<unknown>('crm.activity.add', {
        fields: {
          OWNER_TYPE_ID: leadOwnerType,
          OWNER_ID: leadId,
          TYPE_ID: callActivity,
          DIRECTION: incomingDirection,
          COMMUNICATIONS: [{ VALUE: phone, ENTITY_ID: leadId, ENTITY_TYPE_ID: leadOwnerType }],
          SUBJECT: `Call back: missed call from ${phone}`,
          RESPONSIBLE_ID: step.params.USER_ID,
          START_TIME: step.params.CALL_START_DATE,
          END_TIME: step.params.CALL_START_DATE,
          // Open: the agent's task to call back.
          COMPLETED: 'N',
          // The Bitrix24 call it is about (the data source's element, in the method's terms).
          ORIGINATOR_ID: 'b24phone',
          ORIGIN_ID: input.callId,
        },
      }),
      'crm.activity.add',
    );
    return { leadId, activityId };
  }
}

function positiveId(result: unknown, method: string): number {
  const id = Number(result);
  if (!Number.isInteger(id) || id <= 0)
    throw new BitrixCallError('rejected', '', `${method} answered without an ID`, 200);
  return id;
}
