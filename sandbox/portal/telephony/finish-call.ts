import { entityName, findEntity } from '../crm/crm-search';
import type { App, Call, ParamMap, StatisticsRow, User } from '../state/model';
import type { Portal } from '../state/portal';
import { phpBool, phpInt, phpString, upperKeys } from '../transport/php-params';
import { coreError, invalidArgument, RestError } from '../transport/rest-error';
import { observed, requireUserGiven, resolveUser } from './call-params';
import { attachRecord } from './records';

const notFoundForFinish = 'Call is not found (call should be registered prior to finishing)';

/**
 * telephony.externalCall.finish: writes the statistics row, creates the CRM activity, hides the
 * card everywhere, makes USER_ID responsible for entities the call created and, unless ADD_TO_CHAT
 * is 0, writes the call into that user's chat. A finished call is
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
    if (phpBool(params.ADD_TO_CHAT, true)) tellInChat(portal, call, row, user);
    call.finish = request.params;
    call.finishRequests.push({ ...request, outcome: 'ok' });
    const recordUrl = phpString(params.RECORD_URL);
    if (recordUrl) {
      // Deprecated, but still honoured: the portal fetches the recording after the answer.
      void attachRecord(
        portal,
        { CALL_ID: call.CALL_ID, RECORD_URL: recordUrl },
        { accessToken: null, webhook: null },
      ).catch(() => undefined);
    }
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

/** ADD_TO_CHAT (1 unless the app says 0): the finishing user reads of the call in their chat. */
function tellInChat(portal: Portal, call: Call, row: StatisticsRow, user: User): void {
  const incoming = call.type !== 1;
  const missed = incoming && row.CALL_FAILED_CODE === '304';
  const text = missed
    ? `Missed call from ${call.phoneNumber}`
    : `${incoming ? 'Incoming call from' : 'Outgoing call to'} ${call.phoneNumber}, ${Number(row.CALL_DURATION)} s`;
  portal.data.chatMessages.push({
    ID: portal.nextId('chat'),
    userId: user.ID,
    CALL_ID: call.CALL_ID,
    at: portal.nowIso(),
    text,
  });
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
