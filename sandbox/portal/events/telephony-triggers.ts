import { findByPhone, findEntity } from '../crm/crm-search';
import { internationalForm } from '../crm/phone-numbers';
import type { App, CrmEntity, CrmEntityType, EventDelivery } from '../state/model';
import type { Portal } from '../state/portal';
import { registerCall } from '../telephony/register-call';
import { dispatchEvent } from './event-delivery';

export interface ClickToCallRequest {
  userId: number;
  phone?: string;
  entity?: { type: CrmEntityType; id: number };
  callListId?: number;
  isMobile?: boolean;
  /** The extension written after the number in the CRM (EXTENSION), e.g. "+7 495 123-45-67 ext. 123". */
  extension?: string;
}

export type ClickToCallOutcome =
  | {
      ok: true;
      CALL_ID: string;
      deduplicated: boolean;
      app: string;
      data: Record<string, string>;
      deliveries: EventDelivery[];
    }
  | { ok: false; reason: string };

/** The application that is the default outgoing line, i.e. the one a click in the CRM goes to. */
export function defaultLineApp(portal: Portal): App | undefined {
  return portal.data.apps.find((app) => app.installed && app.defaultOutgoingLine);
}

/**
 * A user clicks a phone number in the CRM. As the portal does: the call is registered first (TYPE 1,
 * no EXTERNAL_CALL_ID, card shown; the 30-minute dedupe applies), then ONEXTERNALCALLSTART goes to
 * the default-line application's handlers with that CALL_ID.
 */
export async function clickToCall(portal: Portal, request: ClickToCallRequest): Promise<ClickToCallOutcome> {
  const user = portal.activeUser(request.userId);
  if (!user) return { ok: false, reason: `no active user ${request.userId}` };
  const app = defaultLineApp(portal);
  if (!app) return { ok: false, reason: 'no installed application is the default line for outgoing calls' };
  let entity: CrmEntity | undefined;
  if (request.entity) {
    entity = findEntity(portal, request.entity.type, request.entity.id);
    if (!entity) return { ok: false, reason: `no ${request.entity.type} ${request.entity.id}` };
  }
  const phone = request.phone ?? entity?.PHONE[0]?.VALUE;
  if (!phone) return { ok: false, reason: 'nothing to call: give a phone or an entity with a phone' };
  entity ??= findByPhone(portal, phone)[0];
  const line = portal.data.lines.find((candidate) => candidate.appClientId === app.clientId);
  const calls = portal.data.calls.length;
  const registered = registerCall(
    portal,
    app,
    {
      USER_ID: String(user.ID),
      PHONE_NUMBER: phone,
      TYPE: '1',
      SHOW: '1',
      ...(entity ? { CRM_ENTITY_TYPE: entity.type, CRM_ENTITY_ID: String(entity.ID) } : {}),
      ...(line ? { LINE_NUMBER: line.NUMBER } : {}),
      ...(request.callListId ? { CALL_LIST_ID: String(request.callListId) } : {}),
    },
    'click-to-call',
  );
  const data: Record<string, string> = {
    PHONE_NUMBER: phone,
    PHONE_NUMBER_INTERNATIONAL: internationalForm(phone, portal.config.defaultCountry),
    EXTENSION: request.extension ?? '',
    USER_ID: String(user.ID),
    CALL_LIST_ID: String(request.callListId ?? 0),
    LINE_NUMBER: line?.NUMBER ?? '',
    IS_MOBILE: request.isMobile ? '1' : '0',
    CALL_ID: registered.CALL_ID,
    CRM_ENTITY_TYPE: registered.CRM_ENTITY_TYPE ?? '',
    CRM_ENTITY_ID: registered.CRM_ENTITY_ID === null ? '' : String(registered.CRM_ENTITY_ID),
  };
  const deliveries = await dispatchEvent(portal, app, 'ONEXTERNALCALLSTART', data, user.ID);
  return {
    ok: true,
    CALL_ID: registered.CALL_ID,
    deduplicated: portal.data.calls.length === calls,
    app: app.clientId,
    data,
    deliveries,
  };
}

export interface CallbackFormRequest {
  phone: string;
  text?: string;
  voice?: string;
  name?: string;
  lineNumber?: string;
}

/**
 * The form's callback line and the application it belongs to: the line chosen in the form's
 * settings (`lineNumber`) goes to the application that added it; a form without one uses the
 * default-line application and its first line (none when it has not added any).
 */
function callbackLine(
  portal: Portal,
  lineNumber: string | undefined,
): { app: App; lineNumber: string } | { reason: string } {
  if (lineNumber !== undefined) {
    const line = portal.data.lines.find((candidate) => candidate.NUMBER === lineNumber);
    const app = line ? portal.app(line.appClientId) : undefined;
    if (!app?.installed) return { reason: `no installed application has the line ${lineNumber}` };
    return { app, lineNumber };
  }
  const app = defaultLineApp(portal);
  if (!app) return { reason: 'no installed application is the callback line' };
  const line = portal.data.lines.find((candidate) => candidate.appClientId === app.clientId);
  return { app, lineNumber: line?.NUMBER ?? '' };
}

/**
 * A visitor fills in a CRM callback form: the CRM finds the client by number (or creates a lead for
 * them), then ONEXTERNALCALLBACKSTART goes to the handlers of the application whose line the form
 * calls back on: no USER_ID, no CALL_ID. A visitor is not a portal user, so the `auth` block
 * carries the tokens of the user who bound the handler (the documented example shows a full block).
 */
export async function submitCallbackForm(
  portal: Portal,
  request: CallbackFormRequest,
): Promise<
  | { ok: true; app: string; data: Record<string, string>; deliveries: EventDelivery[] }
  | { ok: false; reason: string }
> {
  const target = callbackLine(portal, request.lineNumber);
  if ('reason' in target) return { ok: false, reason: target.reason };
  const { app } = target;
  let entity = findByPhone(portal, request.phone)[0];
  if (!entity) {
    entity = {
      type: 'LEAD',
      ID: portal.nextId('LEAD'),
      NAME: request.name ?? '',
      LAST_NAME: '',
      TITLE: `Callback request from ${request.phone}`,
      PHONE: [{ ID: '1', VALUE_TYPE: 'WORK', VALUE: request.phone, TYPE_ID: 'PHONE' }],
      ASSIGNED_BY_ID: 1,
      COMPANY_ID: null,
      SOURCE_ID: 'CALLBACK',
      STATUS_ID: 'NEW',
      DATE_CREATE: portal.now(),
      createdByCall: null,
    };
    portal.data.crm.push(entity);
    portal.changed();
  }
  const data: Record<string, string> = {
    PHONE_NUMBER: request.phone,
    TEXT:
      request.text ?? 'A callback has been ordered from the website, I am connecting you with the customer',
    VOICE: request.voice ?? 'ruinternalfemale',
    CRM_ENTITY_TYPE: entity.type,
    CRM_ENTITY_ID: String(entity.ID),
    LINE_NUMBER: target.lineNumber,
  };
  const deliveries = await dispatchEvent(portal, app, 'ONEXTERNALCALLBACKSTART', data, 'handler-owner');
  return { ok: true, app: app.clientId, data, deliveries };
}
