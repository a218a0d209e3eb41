import { findByPhone, findEntity, isCrmEntityType } from '../crm/crm-search';
import { isSupportedPhoneNumber, phoneKey } from '../crm/phone-numbers';
import { randomHex } from '../ids';
import type { App, Call, CrmEntity, CrmEntityType, ParamMap, User } from '../state/model';
import type { Portal } from '../state/portal';
import { phpBool, phpInt, phpString, upperKeys } from '../transport/php-params';
import { coreError } from '../transport/rest-error';
import { observed, parseType, requireUserGiven, resolveUser } from './call-params';
import { parseCallStartDate } from './call-start-date';

export interface RegisterResult {
  CALL_ID: string;
  CRM_CREATED_LEAD: number | null;
  CRM_CREATED_ENTITIES: { ENTITY_TYPE: CrmEntityType; ENTITY_ID: number }[];
  CRM_ENTITY_TYPE: CrmEntityType | null;
  CRM_ENTITY_ID: number | null;
  LEAD_CREATION_ERROR?: string;
}

/**
 * telephony.externalCall.register: validates like the portal (in its order), returns an existing
 * CALL_ID for a repeat within the dedupe window, binds the CRM entity (given, found by number, or a
 * lead created with CRM_CREATE=1) and shows the card unless SHOW=0.
 */
export function registerCall(
  portal: Portal,
  app: App,
  rawParams: ParamMap,
  source: Call['source'] = 'rest',
): RegisterResult {
  const params = upperKeys(rawParams);
  requireUserGiven(params);
  const type = parseType(params.TYPE);
  const now = portal.now();
  let startDate = now;
  const startText = phpString(params.CALL_START_DATE);
  if (params.CALL_START_DATE !== undefined && params.CALL_START_DATE !== null) {
    const parsed =
      startText === undefined
        ? null
        : parseCallStartDate(
            startText,
            portal.config.ambiguities.callStartDateWithoutOffset,
            portal.config.timeZoneOffsetMinutes,
          );
    if (parsed === null) throw coreError('CALL_START_DATE should be in the ISO-8601 format');
    startDate = parsed;
  }
  const phoneNumber = (phpString(params.PHONE_NUMBER) ?? '').trim();
  if (!isSupportedPhoneNumber(phoneNumber)) throw coreError('Unsupported phone number format');
  const user = resolveUser(portal, params);
  const lineNumber = phpString(params.LINE_NUMBER) || null;
  const externalCallId = phpString(params.EXTERNAL_CALL_ID) || null;
  const show = phpBool(params.SHOW, true);
  const request = { at: new Date(now).toISOString(), params: observed(rawParams) };

  const existing = findDuplicate(portal, app, {
    phoneNumber,
    type,
    userId: user.ID,
    lineNumber,
    externalCallId,
  });
  if (existing) {
    existing.registerRequests.push({ ...request, deduplicated: true });
    if (show && existing.finishedAt === null) existing.cards[String(user.ID)] = now;
    portal.changed();
    return {
      CALL_ID: existing.CALL_ID,
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
      CRM_ENTITY_TYPE: existing.crmEntityType,
      CRM_ENTITY_ID: existing.crmEntityId,
    };
  }

  const callId = `externalCall.${randomHex(32)}.${Math.floor(now / 1000)}`;
  const call: Call = {
    CALL_ID: callId,
    appClientId: app.clientId,
    source,
    userId: user.ID,
    phoneNumber,
    type,
    lineNumber,
    externalCallId,
    callListId: phpInt(params.CALL_LIST_ID) || null,
    startDate,
    crmEntityType: null,
    crmEntityId: null,
    createdLeadId: null,
    createdEntities: [],
    leadCreationError: null,
    registeredAt: now,
    register: request.params,
    registerRequests: [{ ...request, deduplicated: false }],
    finish: null,
    finishedAt: null,
    finishRequests: [],
    statistics: null,
    statisticsId: null,
    records: [],
    replacedRecords: [],
    attachRecordRequests: [],
    transcriptions: [],
    cards: {},
    activityId: null,
  };
  bindCrm(portal, app, call, params, user);
  if (show) call.cards[String(user.ID)] = now;
  portal.data.calls.push(call);
  portal.changed();
  const result: RegisterResult = {
    CALL_ID: callId,
    CRM_CREATED_LEAD: call.createdLeadId,
    CRM_CREATED_ENTITIES: call.createdEntities,
    CRM_ENTITY_TYPE: call.crmEntityType,
    CRM_ENTITY_ID: call.crmEntityId,
  };
  if (call.leadCreationError !== null) result.LEAD_CREATION_ERROR = call.leadCreationError;
  return result;
}

/** The re-registration key: same app, number (as E.164), TYPE and user, plus LINE_NUMBER and EXTERNAL_CALL_ID when given. */
function findDuplicate(
  portal: Portal,
  app: App,
  key: {
    phoneNumber: string;
    type: number;
    userId: number;
    lineNumber: string | null;
    externalCallId: string | null;
  },
): Call | undefined {
  const now = portal.now();
  const window = portal.config.dedupeWindowSec * 1000;
  const phone = phoneKey(key.phoneNumber, portal.config.defaultCountry);
  return portal.data.calls.find(
    (call) =>
      call.appClientId === app.clientId &&
      now - call.registeredAt < window &&
      (portal.config.ambiguities.dedupeIncludesFinished || call.finishedAt === null) &&
      call.type === key.type &&
      call.userId === key.userId &&
      phoneKey(call.phoneNumber, portal.config.defaultCountry) === phone &&
      (key.lineNumber === null || call.lineNumber === key.lineNumber) &&
      (key.externalCallId === null || call.externalCallId === key.externalCallId),
  );
}

/** The given entity, else the first match by number, else a lead with CRM_CREATE=1 (not on an outgoing CRM_AUTO_CREATE=N line). */
function bindCrm(portal: Portal, app: App, call: Call, params: ParamMap, user: User): void {
  const givenType = (phpString(params.CRM_ENTITY_TYPE) ?? '').toUpperCase();
  const givenId = phpInt(params.CRM_ENTITY_ID);
  const given =
    isCrmEntityType(givenType) && givenId > 0 ? findEntity(portal, givenType, givenId) : undefined;
  const found: CrmEntity | undefined = given ?? findByPhone(portal, call.phoneNumber)[0];
  if (found) {
    call.crmEntityType = found.type;
    call.crmEntityId = found.ID;
    return;
  }
  if (!phpBool(params.CRM_CREATE, false)) return;
  const line = call.lineNumber
    ? portal.data.lines.find(
        (candidate) => candidate.appClientId === app.clientId && candidate.NUMBER === call.lineNumber,
      )
    : undefined;
  if (call.type === 1 && line?.CRM_AUTO_CREATE === 'N') return;
  if (portal.faults.leadCreationError) {
    call.leadCreationError = portal.faults.leadCreationError;
    portal.faults.record(portal.nowIso(), 'leadCreationError', { CALL_ID: call.CALL_ID });
    return;
  }
  const incoming = call.type !== 1;
  const lead: CrmEntity = {
    type: 'LEAD',
    ID: portal.nextId('LEAD'),
    NAME: '',
    LAST_NAME: '',
    TITLE: `${call.phoneNumber} - ${incoming ? 'Incoming call' : 'Outgoing call'}`,
    PHONE: [{ ID: '1', VALUE_TYPE: 'WORK', VALUE: call.phoneNumber, TYPE_ID: 'PHONE' }],
    ASSIGNED_BY_ID: user.ID,
    COMPANY_ID: null,
    SOURCE_ID: phpString(params.CRM_SOURCE) || 'CALL',
    STATUS_ID: 'NEW',
    DATE_CREATE: portal.now(),
    createdByCall: call.CALL_ID,
  };
  portal.data.crm.push(lead);
  call.crmEntityType = 'LEAD';
  call.crmEntityId = lead.ID;
  call.createdLeadId = lead.ID;
  call.createdEntities = [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: lead.ID }];
}
