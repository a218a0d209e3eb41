import { performance } from 'node:perf_hooks';
import { checkAccessToken, expireAllAccessTokens } from '../oauth/tokens';
import type { AuthContext, MethodDefinition } from '../methods/method';
import { ListResult } from '../methods/method';
import type { ParamMap, RequestLogEntry } from '../state/model';
import type { Portal } from '../state/portal';
import { runBatch } from './batch';
import type { MethodOutcome } from './method-outcome';
import { phpString } from './php-params';
import { redactParams } from './redact';
import type { UploadedFile } from './request-params';
import { parseRestPath } from './rest-path';
import type { RestAnswer } from './rest-answer';
import { RestError, systemErrors } from './rest-error';
import { timeEnvelope } from './time-envelope';
import { uploadAnswer } from './upload-answer';

export interface RestRequest {
  httpMethod: string;
  rawUrl: string;
  ip: string;
  params: ParamMap;
  files: UploadedFile[];
}

const maxLogEntries = 20_000;

/**
 * One REST request from arrival to answer: rate limit, injected faults, authentication, method
 * lookup, scope, application context, the method itself, the envelope, and the request log.
 */
export async function handleRestRequest(
  portal: Portal,
  registry: ReadonlyMap<string, MethodDefinition>,
  request: RestRequest,
): Promise<RestAnswer> {
  const startedAt = portal.now();
  const t0 = performance.now();
  const pathname = request.rawUrl.split('?')[0] ?? '';
  const path = parseRestPath(pathname);
  const method = path?.method ?? pathname.replace(/^\/rest\/+/, '').toLowerCase();
  const entry = logEntry(portal, request, method);
  let delayed = false;
  const finish = (answer: RestAnswer, fault: string | null = null): RestAnswer => {
    entry.status = answer.status;
    entry.fault = fault ?? (delayed ? 'delayMs' : null);
    entry.durationMs = Math.round((performance.now() - t0) * 1000) / 1000;
    const body = answer.body as { error?: string; error_description?: string };
    if (answer.status >= 400 || typeof body.error === 'string') {
      entry.error = body.error ?? null;
      entry.errorDescription = body.error_description ?? null;
    }
    return answer;
  };

  const bucketKey = rateLimitKey(portal, request);
  if (!portal.rateLimit.admit(bucketKey, portal.now(), portal.config.rateLimit)) {
    return finish(errorAnswer(portal, systemErrors.queryLimit()), 'rateLimit');
  }
  const delay = portal.faults.delayFor(method, 'rest');
  if (delay > 0) {
    delayed = true;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const nowIso = portal.nowIso();
  if (portal.faults.take('status503', method, 'rest', nowIso)) {
    return finish(errorAnswer(portal, systemErrors.queryLimit()), 'status503');
  }
  if (portal.faults.take('status500', method, 'rest', nowIso)) {
    return finish(errorAnswer(portal, systemErrors.internal()), 'status500');
  }
  if (portal.faults.take('status429', method, 'rest', nowIso)) {
    return finish(errorAnswer(portal, systemErrors.operationTimeLimit()), 'status429');
  }
  const injected = portal.faults.takeSystemError(method, nowIso);
  if (injected) return finish(errorAnswer(portal, injected), 'systemError');
  if (portal.faults.take('redirect302', method, 'rest', nowIso)) {
    return finish(
      { status: 302, body: {}, headers: { location: `${portal.origin}${request.rawUrl}` } },
      'redirect302',
    );
  }

  // The hour of every access token ran out just before this request arrived.
  const expired = portal.faults.take('expireTokens', method, 'rest', nowIso);
  if (expired) expireAllAccessTokens(portal);
  let auth: AuthContext;
  try {
    auth = authenticate(portal, request.params, path?.webhook ?? null);
  } catch (error) {
    return finish(errorAnswer(portal, asRestError(error)), expired ? 'expireTokens' : null);
  }
  entry.authKind = auth.kind;
  entry.userId = auth.user.ID;
  entry.appClientId = auth.app?.clientId ?? null;
  if (!path) {
    return finish(
      errorAnswer(portal, systemErrors.methodNotFound(portal.config.ambiguities.methodNotFoundStatus)),
    );
  }
  if (path.format === 'xml') {
    return finish(
      errorAnswer(portal, new RestError('ERROR_FORMAT', 'XML answers are not emulated by the sandbox', 400)),
    );
  }

  const params = withoutTransportParams(request.params);
  if (method === 'batch') {
    const outcome = await runBatch(portal, params, (name, commandParams) =>
      runCommand(portal, registry, auth, name, commandParams, entry.id, request),
    );
    const time = timeEnvelope(startedAt, performance.now() - t0, portal.config.timeZoneOffsetMinutes, 0);
    if (!outcome.ok) return finish(errorAnswer(portal, outcome.error));
    return finish({ status: 200, body: { result: outcome.result, time } });
  }
  const outcome = await runMethod(
    portal,
    registry,
    auth,
    method,
    params,
    request.files,
    entry.id,
    startedAt,
    t0,
  );
  if (method === 'upload' && outcome.ok) return finish(uploadAnswer(portal, outcome));
  return finish(outcomeAnswer(portal, outcome));
}

/** Runs one method for an authenticated caller (directly or as a batch command). */
export async function runMethod(
  portal: Portal,
  registry: ReadonlyMap<string, MethodDefinition>,
  auth: AuthContext,
  method: string,
  params: ParamMap,
  files: UploadedFile[],
  requestId: number,
  startedAt: number,
  t0: number,
): Promise<MethodOutcome> {
  const definition = registry.get(method);
  try {
    if (!definition) throw systemErrors.methodNotFound(portal.config.ambiguities.methodNotFoundStatus);
    if (definition.scopes.length > 0 && !definition.scopes.some((scope) => auth.scope.includes(scope))) {
      throw systemErrors.insufficientScope(
        auth.kind === 'webhook' ? 'webhook' : 'access',
        portal.config.ambiguities.insufficientScopeStatus,
      );
    }
    if (portal.operatingBlocked(method)) throw systemErrors.operationTimeLimit();
    if (definition.appOnly && !auth.app) {
      throw systemErrors.wrongAuthType(portal.config.ambiguities.wrongAuthTypeStatus);
    }
    const value = await definition.handle({ portal, auth, params, files, requestId });
    const seconds = (performance.now() - t0) / 1000;
    const operating = portal.addOperating(auth.app?.clientId ?? `hook:${auth.user.ID}`, method, seconds);
    const time = timeEnvelope(
      startedAt,
      performance.now() - t0,
      portal.config.timeZoneOffsetMinutes,
      operating,
    );
    portal.changed();
    if (value instanceof ListResult)
      return { ok: true, result: value.items, total: value.total, next: value.next, time };
    return { ok: true, result: value, total: null, next: null, time };
  } catch (error) {
    return { ok: false, error: asRestError(error) };
  }
}

async function runCommand(
  portal: Portal,
  registry: ReadonlyMap<string, MethodDefinition>,
  auth: AuthContext,
  method: string,
  params: ParamMap,
  batchOf: number,
  request: RestRequest,
): Promise<MethodOutcome> {
  const t0 = performance.now();
  const entry = logEntry(portal, { ...request, params, httpMethod: 'BATCH' }, method);
  entry.batchOf = batchOf;
  entry.authKind = auth.kind;
  entry.userId = auth.user.ID;
  entry.appClientId = auth.app?.clientId ?? null;
  const definition = registry.get(method);
  const outcome =
    definition && !definition.batchable
      ? {
          ok: false as const,
          error: new RestError(
            'ERROR_BATCH_METHOD_NOT_ALLOWED',
            'Method is not allowed for batch usage',
            405,
          ),
        }
      : await runMethod(portal, registry, auth, method, params, [], entry.id, portal.now(), t0);
  entry.durationMs = Math.round((performance.now() - t0) * 1000) / 1000;
  if (outcome.ok) entry.status = 200;
  else {
    entry.status = outcome.error.status;
    entry.error = errorCode(portal, outcome.error);
    entry.errorDescription = outcome.error.description;
  }
  return outcome;
}

function authenticate(
  portal: Portal,
  params: ParamMap,
  webhook: { userId: number; code: string } | null,
): AuthContext {
  if (webhook) {
    const hook = portal.data.webhooks.find(
      (candidate) => candidate.userId === webhook.userId && candidate.code === webhook.code,
    );
    const user = hook ? portal.activeUser(hook.userId) : undefined;
    if (!hook || !user) throw systemErrors.unknownWebhook(portal.config.ambiguities.unknownWebhookError);
    return { kind: 'webhook', user, app: null, scope: hook.scope, accessToken: null, webhook };
  }
  const token = phpString(params.auth);
  if (!token) throw systemErrors.noAuth();
  const check = checkAccessToken(portal, token);
  if (!check.ok) throw check.reason === 'expired' ? systemErrors.expiredToken() : systemErrors.invalidToken();
  const user = portal.activeUser(check.token.userId);
  const app = portal.app(check.token.appClientId);
  if (!user || !app) throw systemErrors.invalidToken();
  return { kind: 'oauth', user, app, scope: app.scope, accessToken: token, webhook: null };
}

/** `auth` and the SDK's telemetry are transport, not method parameters. */
function withoutTransportParams(params: ParamMap): ParamMap {
  const result: ParamMap = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'auth' || key.startsWith('bx24_')) continue;
    result[key] = value;
  }
  return result;
}

function rateLimitKey(portal: Portal, request: RestRequest): string {
  return `${portal.data.memberId}|${request.ip}`;
}

function asRestError(error: unknown): RestError {
  if (error instanceof RestError) return error;
  console.error('portal emulator: method failed', error);
  return systemErrors.internal();
}

export function errorCode(portal: Portal, error: RestError): string {
  return error.kind === 'method' && portal.config.ambiguities.blankErrorCodes === 'method-errors'
    ? ''
    : error.code;
}

export function errorAnswer(portal: Portal, error: RestError): RestAnswer {
  return {
    status: error.status,
    body: { error: errorCode(portal, error), error_description: error.description },
  };
}

function outcomeAnswer(portal: Portal, outcome: MethodOutcome): RestAnswer {
  if (!outcome.ok) return errorAnswer(portal, outcome.error);
  const body: Record<string, unknown> = { result: outcome.result };
  if (outcome.next !== null) body.next = outcome.next;
  if (outcome.total !== null) body.total = outcome.total;
  body.time = outcome.time;
  return { status: 200, body };
}

function logEntry(portal: Portal, request: RestRequest, method: string): RequestLogEntry {
  const entry: RequestLogEntry = {
    id: portal.nextId('request'),
    at: portal.nowIso(),
    kind: 'rest',
    httpMethod: request.httpMethod,
    path: request.rawUrl.split('?')[0] ?? '',
    method,
    authKind: 'none',
    userId: null,
    appClientId: null,
    ip: request.ip,
    params: redactParams(request.params),
    status: 0,
    error: null,
    errorDescription: null,
    fault: null,
    batchOf: null,
    durationMs: 0,
  };
  if (request.files.length > 0) {
    entry.params = {
      ...entry.params,
      _files: request.files.map((file) => ({
        field: file.field,
        filename: file.filename,
        size: String(file.data.length),
      })),
    };
  }
  portal.requests.push(entry);
  if (portal.requests.length > maxLogEntries)
    portal.requests.splice(0, portal.requests.length - maxLogEntries);
  return entry;
}
