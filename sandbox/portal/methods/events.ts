import { knownEvents } from '../events/known-events';
import type { EventHandler } from '../state/model';
import { phpInt, phpString } from '../transport/php-params';
import { RestError, systemErrors } from '../transport/rest-error';
import type { MethodContext, MethodDefinition } from './method';
import { method } from './method';
import { callingApp } from './require-app';

const applicationOnly = { appOnly: true };

function eventName(context: MethodContext): string {
  return (phpString(context.params.event ?? context.params.EVENT) ?? '').trim().toUpperCase();
}

function offlineRequested(context: MethodContext): boolean {
  return (
    (phpString(context.params.event_type ?? context.params.EVENT_TYPE) ?? 'online').toLowerCase() ===
    'offline'
  );
}

/**
 * event.bind: application context only. A non-administrator binds on their own behalf (auth_type is
 * their user id), may not bind offline events and may not name another user in auth_type.
 */
function bind(context: MethodContext): true {
  const app = callingApp(context);
  const { user } = context.auth;
  const event = eventName(context);
  const requiredScope = knownEvents.get(event);
  if (requiredScope === undefined || (requiredScope !== null && !app.scope.includes(requiredScope))) {
    throw new RestError('ERROR_EVENT_NOT_FOUND', 'Event not found', 400);
  }
  const handler = (phpString(context.params.handler ?? context.params.HANDLER) ?? '').trim();
  if (!/^https?:\/\/[^\s/]+/i.test(handler)) {
    throw new RestError('ERROR_HANDLER_URL_MISMATCH', 'Handler URL is empty or not an http(s) URL', 400);
  }
  const offline = offlineRequested(context);
  const authTypeGiven = context.params.auth_type ?? context.params.AUTH_TYPE;
  const authType = phpInt(authTypeGiven);
  if (!user.IS_ADMIN) {
    if (offline)
      throw systemErrors.accessDenied(
        'Access denied! Offline events binding requires administrator access rights',
      );
    if (authTypeGiven !== undefined && authType !== 0 && authType !== user.ID) {
      throw systemErrors.accessDenied(
        'Access denied! Event binding with AUTH_TYPE requires administrator access rights',
      );
    }
  }
  const effectiveAuthType = user.IS_ADMIN ? authType : user.ID;
  const duplicate = context.portal.data.handlers.some(
    (candidate) =>
      candidate.appClientId === app.clientId &&
      candidate.event === event &&
      candidate.handler === handler &&
      candidate.authType === effectiveAuthType &&
      candidate.offline === offline,
  );
  if (duplicate) throw new RestError('ERROR_HANDLER_ALREADY_EXIST', 'Handler already exists!', 400);
  context.portal.data.handlers.push({
    id: context.portal.nextId('handler'),
    appClientId: app.clientId,
    event,
    handler,
    authType: effectiveAuthType,
    offline,
    boundBy: user.ID,
    boundAt: context.portal.now(),
  });
  return true;
}

function visibleHandlers(context: MethodContext): EventHandler[] {
  const app = callingApp(context);
  const { user } = context.auth;
  return context.portal.data.handlers.filter(
    (handler) => handler.appClientId === app.clientId && (user.IS_ADMIN || handler.authType === user.ID),
  );
}

/** event.unbind: without a filter it removes every handler the caller may see. */
function unbind(context: MethodContext): { count: number } {
  const { user } = context.auth;
  const event = eventName(context);
  const handler = phpString(context.params.handler ?? context.params.HANDLER);
  const authTypeGiven = context.params.auth_type ?? context.params.AUTH_TYPE;
  const authType = phpInt(authTypeGiven);
  const offline = offlineRequested(context);
  if (!user.IS_ADMIN) {
    if (offline)
      throw systemErrors.accessDenied(
        'Access denied! Offline events unbinding requires administrator access rights',
      );
    if (authTypeGiven !== undefined && authType !== 0 && authType !== user.ID) {
      throw systemErrors.accessDenied(
        'Access denied! Event unbinding with AUTH_TYPE requires administrator access rights',
      );
    }
  }
  const doomed = visibleHandlers(context).filter(
    (candidate) =>
      candidate.offline === offline &&
      (event === '' || candidate.event === event) &&
      (handler === undefined || handler === '' || candidate.handler === handler) &&
      (authTypeGiven === undefined || candidate.authType === authType),
  );
  context.portal.data.handlers = context.portal.data.handlers.filter(
    (candidate) => !doomed.includes(candidate),
  );
  return { count: doomed.length };
}

export const eventMethods: MethodDefinition[] = [
  method('event.bind', applicationOnly, bind),
  method('event.unbind', applicationOnly, unbind),
  method('event.get', applicationOnly, (context) =>
    visibleHandlers(context).map((handler) => ({
      event: handler.event,
      handler: handler.handler,
      auth_type: String(handler.authType),
      offline: handler.offline ? 1 : 0,
    })),
  ),
  method('events', applicationOnly, (context) => {
    const app = callingApp(context);
    return [...knownEvents.entries()]
      .filter(([, scope]) => scope === null || app.scope.includes(scope))
      .map(([event]) => event);
  }),
];
