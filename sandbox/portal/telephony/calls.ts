import { entityName, findByPhone, findEntity, isCrmEntityType } from '../crm/crm-search';
import { isSupportedPhoneNumber, phoneKey } from '../crm/phone-numbers';
import { randomHex } from '../ids';
import type { App, Call, CrmEntity, CrmEntityType, ParamMap, StatisticsRow, User } from '../state/model';
import type { Portal } from '../state/portal';
import { phpBool, phpInt, phpString, stringifyScalars, upperKeys } from '../transport/php-params';
import { coreError, invalidArgument, RestError } from '../transport/rest-error';
import { parseCallStartDate } from './call-start-date';

export interface RegisterResult {
  CALL_ID: string;
  CRM_CREATED_LEAD: number | null;
  CRM_CREATED_ENTITIES: { ENTITY_TYPE: CrmEntityType; ENTITY_ID: number }[];
  CRM_ENTITY_TYPE: CrmEntityType | null;
  CRM_ENTITY_ID: number | null;
  LEAD_CREATION_ERROR?: string;
}

const callTypes = [1, 2, 3, 4, 5] as const;

/** Parameters as the observation API shows them: upper-case keys, PHP-style string values. */
function observed(params: ParamMap): ParamMap {
  return stringifyScalars(upperKeys(params)) as ParamMap;
}

function resolveUser(portal: Portal, params: ParamMap): User {
  const userId = phpInt(params.USER_ID);
  const inner = phpString(params.USER_PHONE_INNER);
  if (userId <= 0 && !inner) throw coreError('USER_ID or USER_PHONE_INNER should be set');
  const user = userId > 0 ? portal.activeUser(userId) : portal.userByExtension(inner ?? '');
  if (!user?.ACTIVE) throw coreError('User is not found or is not active');
  return user;
}

function requireUserGiven(params: ParamMap): void {
  if (phpInt(params.USER_ID) <= 0 && !phpString(params.USER_PHONE_INNER)) {
    throw coreError('USER_ID or USER_PHONE_INNER should be set');
  }
}

function parseType(value: ParamMap[string] | undefined): Call['type'] {
  const text = phpString(value);
  const type = text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  const found = callTypes.find((candidate) => candidate === type);
  if (found === undefined) throw coreError('Unknown TYPE');
  return found;
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

const notFoundForFinish = 'Call is not found (call should be registered prior to finishing)';

/**
 * telephony.externalCall.finish: writes the statistics row, creates the CRM activity, hides the
 * card everywhere and makes USER_ID responsible for entities the call created. A finished call is
 * gone from the active calls: a second finish answers "Call is not found...".
 */
export function finishCall(portal: Portal, app: App, rawParams: ParamMap): StatisticsRow {
  const params = upperKeys(rawParams);
  const request = { at: portal.nowIso(), params: observed(rawParams) };
  const callId = params.CALL_ID;
  const known = typeof callId === 'string' ? portal.call(callId) : undefined;
  try {
    if (typeof callId !== 'string') throw invalidArgument('CALL_ID must be a string');
    requireUserGiven(params);
    const call = known && known.appClientId === app.clientId && known.finishedAt === null ? known : undefined;
    if (!call) throw coreError(notFoundForFinish);
    const user = resolveUser(portal, params);
    const row = completeCall(portal, app, call, params, user);
    call.finish = request.params;
    call.finishRequests.push({ ...request, outcome: 'ok' });
    portal.changed();
    return row;
  } catch (error) {
    if (known && error instanceof RestError) {
      known.finishRequests.push({
        ...request,
        outcome: 'error',
        error: { code: error.code, description: error.description },
      });
    }
    throw error;
  }
}

function completeCall(portal: Portal, app: App, call: Call, params: ParamMap, user: User): StatisticsRow {
  const now = portal.now();
  const duration = Math.max(0, phpInt(params.DURATION));
  const statusCode = phpString(params.STATUS_CODE) || (duration > 0 ? '200' : '304');
  const vote = phpInt(params.VOTE);
  const costText = phpString(params.COST);
  const cost =
    costText !== undefined && costText !== '' && Number.isFinite(Number(costText)) ? Number(costText) : 0;
  call.finishedAt = now;
  call.cards = {};
  for (const entity of portal.data.crm) {
    if (entity.createdByCall === call.CALL_ID) entity.ASSIGNED_BY_ID = user.ID;
  }
  if (call.crmEntityType !== null && call.crmEntityId !== null) {
    const entity = findEntity(portal, call.crmEntityType, call.crmEntityId);
    const incoming = call.type !== 1;
    call.activityId = portal.nextId('activity');
    portal.data.activities.push({
      ID: call.activityId,
      OWNER_TYPE: call.crmEntityType,
      OWNER_ID: call.crmEntityId,
      TYPE_ID: 2,
      PROVIDER_ID: 'VOXIMPLANT_CALL',
      DIRECTION: incoming ? 1 : 2,
      SUBJECT: `${incoming ? 'Incoming call from' : 'Outgoing call to'} ${entity ? entityName(entity) : call.phoneNumber}`,
      RESPONSIBLE_ID: user.ID,
      START_TIME: call.startDate,
      END_TIME: call.startDate + duration * 1000,
      COMPLETED: 'Y',
      ORIGIN_ID: `VI_${call.CALL_ID}`,
      CALL_ID: call.CALL_ID,
      DURATION: duration,
      STATUS_CODE: statusCode,
      RECORD_FILE_ID: null,
    });
  }
  call.statisticsId = portal.nextId('statistics');
  const row: StatisticsRow = {
    CALL_ID: call.CALL_ID,
    EXTERNAL_CALL_ID: call.externalCallId,
    PORTAL_USER_ID: user.ID,
    PHONE_NUMBER: call.phoneNumber,
    PORTAL_NUMBER: call.lineNumber ?? '',
    INCOMING: String(call.type),
    CALL_DURATION: duration,
    CALL_START_DATE:
      portal.config.ambiguities.finishStartDateFormat === 'object' ? {} : portal.portalTime(call.startDate),
    CALL_STATUS: statusCode === '200' ? 1 : 0,
    CALL_VOTE: vote >= 1 && vote <= 5 ? vote : null,
    COST: cost,
    COST_CURRENCY: phpString(params.COST_CURRENCY) ?? '',
    CALL_FAILED_CODE: statusCode,
    CALL_FAILED_REASON: phpString(params.FAILED_REASON) ?? '',
    REST_APP_ID: String(app.ID),
    REST_APP_NAME: app.name,
    CRM_ACTIVITY_ID: call.activityId,
    COMMENT: null,
    CRM_ENTITY_TYPE: call.crmEntityType,
    CRM_ENTITY_ID: call.crmEntityId,
    ID: call.statisticsId,
  };
  call.statistics = row;
  return row;
}

/** show / hide: true when the call is active, false (never an error) when it is unknown or finished. */
export function setCardVisibility(portal: Portal, rawParams: ParamMap, visible: boolean): boolean {
  const params = upperKeys(rawParams);
  const callId = phpString(params.CALL_ID);
  const call = callId ? portal.call(callId) : undefined;
  if (!call || call.finishedAt !== null) return false;
  const given = params.USER_ID;
  const ids =
    given === undefined || given === null || given === ''
      ? [call.userId]
      : (Array.isArray(given) ? given : typeof given === 'object' ? Object.values(given) : [given])
          .map((value) => phpInt(value))
          .filter((id) => id > 0);
  const now = portal.now();
  for (const id of ids) {
    if (visible) {
      if (portal.activeUser(id)) call.cards[String(id)] = now;
    } else {
      delete call.cards[String(id)];
    }
  }
  portal.changed();
  return true;
}
