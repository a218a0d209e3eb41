import type { CrmActivity, CrmEntityType, ParamMap, ParamValue } from '../state/model';
import type { Portal } from '../state/portal';
import { parseCallStartDate } from '../telephony/call-start-date';
import { phpInt, phpString, upperKeys } from '../transport/php-params';
import { RestError } from '../transport/rest-error';
import { findEntity } from './crm-search';

/** CRM object type IDs of the entities the emulator keeps (the REST API's numbering). */
const ownerTypes: Record<number, CrmEntityType> = { 1: 'LEAD', 3: 'CONTACT', 4: 'COMPANY' };
/** crm_enum_activitytype: 1 meeting, 2 call, 3 task, 4 e-mail, 5 action, 6 custom. */
const activityTypes = new Set([1, 2, 3, 4, 5, 6]);
const call = 2;

/** The CRM's refusals: an empty error code with the documented text, HTTP 400. */
function refused(text: string): RestError {
  return new RestError('', text, 400, 'method');
}

function record(value: ParamValue | undefined): ParamMap {
  return value && typeof value === 'object' && !Array.isArray(value) ? upperKeys(value) : {};
}

function list(value: ParamValue | undefined): ParamValue[] {
  if (Array.isArray(value)) return value;
  return value && typeof value === 'object' ? Object.values(value) : [];
}

/**
 * `crm.activity.add {fields}`: refused, with the documented texts, when RESPONSIBLE_ID, TYPE_ID,
 * COMMUNICATIONS or SUBJECT is missing, when a call or meeting names more than one communication,
 * and when neither the owner nor a communication binds it to an existing CRM record. A call
 * activity is kept like the ones finish writes (PROVIDER_ID VOXIMPLANT_CALL) but belongs to no
 * telephony call (CALL_ID empty), with ORIGIN_ID as given. Answers the new activity's ID.
 */
export function addActivity(portal: Portal, params: ParamMap): number {
  const fields = record(params.fields ?? params.FIELDS);
  const responsible = phpInt(fields.RESPONSIBLE_ID);
  if (responsible <= 0 || !portal.user(responsible))
    throw refused('The field RESPONSIBLE_ID is not defined or invalid');
  const typeId = phpInt(fields.TYPE_ID);
  if (!activityTypes.has(typeId)) throw refused('The field TYPE_ID is not defined or invalid');
  const communications = list(fields.COMMUNICATIONS).map(record);
  if (communications.length === 0 || communications.some((c) => !phpString(c.VALUE)))
    throw refused('The field COMMUNICATIONS is not defined or invalid');
  if ((typeId === call || typeId === 1) && communications.length > 1)
    throw refused('The only one communication is allowed for activity of specified type');
  const subject = (phpString(fields.SUBJECT) ?? '').trim();
  if (!subject) throw refused('The field SUBJECT is not defined or empty');
  const communication = communications[0]!;
  const ownerType =
    ownerTypes[phpInt(fields.OWNER_TYPE_ID)] ?? ownerTypes[phpInt(communication.ENTITY_TYPE_ID)];
  const ownerId = phpInt(fields.OWNER_ID) || phpInt(communication.ENTITY_ID);
  const owner = ownerType ? findEntity(portal, ownerType, ownerId) : undefined;
  if (!owner)
    throw refused(
      'Could not build binding. Please ensure that owner info and communications are defined correctly',
    );
  const time = (field: ParamValue | undefined) => {
    const text = phpString(field);
    if (!text) return null;
    return parseCallStartDate(text, 'portal-time', portal.config.timeZoneOffsetMinutes);
  };
  const start = time(fields.START_TIME) ?? portal.now();
  const activity: CrmActivity = {
    ID: portal.nextId('activity'),
    OWNER_TYPE: owner.type,
    OWNER_ID: owner.ID,
    TYPE_ID: typeId,
    PROVIDER_ID: typeId === call ? 'VOXIMPLANT_CALL' : '',
    DIRECTION: phpInt(fields.DIRECTION) === 2 ? 2 : 1,
    SUBJECT: subject,
    RESPONSIBLE_ID: responsible,
    START_TIME: start,
    END_TIME: time(fields.END_TIME) ?? start,
    COMPLETED: phpString(fields.COMPLETED) === 'Y' ? 'Y' : 'N',
    ORIGIN_ID: phpString(fields.ORIGIN_ID) ?? '',
    CALL_ID: '',
    DURATION: 0,
    STATUS_CODE: '',
    RECORD_FILE_ID: null,
  };
  portal.data.activities.push(activity);
  return activity.ID;
}
