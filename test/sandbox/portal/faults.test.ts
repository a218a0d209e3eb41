import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../../sandbox/portal/oauth/tokens';
import type { PortalServer } from '../../../sandbox/portal/server';
import { build, listen } from '../../../sandbox/portal/server';
import { waitInTest } from '../../support/wait-in-test';

/** Faults over real HTTP: the transport is what they break. */
let app: PortalServer;
let origin: string;

beforeEach(async () => {
  app = build();
  origin = await listen(app, 0);
});
afterEach(async () => {
  await app.close();
});

async function json<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
}

async function rest(method: string, token: string, params: Record<string, unknown> = {}) {
  const response = await fetch(`${origin}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function networkError(path: string): Promise<string> {
  try {
    await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(2000) });
    return 'answered';
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}

describe('faults', () => {
  it('down: REST and OAuth connections are reset while /_sandbox stays reachable, until DELETE', async () => {
    const { access_token: token } = await json<TokenResponse>('/_sandbox/tokens', 'POST', { user_id: 2 });
    await json('/_sandbox/faults', 'POST', { down: true });
    expect(await networkError(`/rest/scope?auth=${token}`)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(await networkError('/oauth/token/?grant_type=refresh_token')).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    const faults = await json<{ active: { down?: { mode: string } } }>('/_sandbox/faults');
    expect(faults.active.down?.mode).toBe('reset');
    const { requests } = await json<{ requests: { method: string; fault: string | null; status: number }[] }>(
      '/_sandbox/requests',
    );
    expect(requests.map((entry) => [entry.method, entry.fault, entry.status])).toEqual([
      ['scope', 'down', 0],
      ['oauth/token', 'down', 0],
    ]);
    await json('/_sandbox/faults', 'DELETE');
    expect((await rest('scope', token)).status).toBe(200);
  });

  it('down in refuse mode: the listening socket closes (ECONNREFUSED) and reopens after forMs', async ({
    signal,
  }) => {
    const { access_token: token } = await json<TokenResponse>('/_sandbox/tokens', 'POST', { user_id: 2 });
    // Closed once the answer is out, open again after forMs: long enough for a busy machine's
    // probe to land inside it (a 50 ms sleep against 300 ms raced the reopening).
    await json('/_sandbox/faults', 'POST', { down: { mode: 'refuse', forMs: 3_000 } });
    const probe = () => networkError('/_sandbox/faults');
    await waitInTest('connections refused', probe, (outcome) => outcome === 'ECONNREFUSED', signal);
    await waitInTest('connections taken again', probe, (outcome) => outcome === 'answered', signal);
    expect((await rest('scope', token)).status).toBe(200);
    const { active, history } = await json<{ active: object; history: { fault: string }[] }>(
      '/_sandbox/faults',
    );
    expect(active).toEqual({});
    expect(history.map((entry) => entry.fault)).toContain('down lifted');
  });

  it('status500 / status503 / status429 hit the next N matching requests, targeted by method, and count down visibly', async () => {
    const { access_token: token } = await json<TokenResponse>('/_sandbox/tokens', 'POST', { user_id: 2 });
    await json('/_sandbox/faults', 'POST', {
      status500: { count: 2 },
      status429: { count: 1, methods: ['user.current'] },
      methods: ['telephony.externalCall.finish'],
    });
    expect((await rest('scope', token)).status).toBe(200);
    expect(await rest('telephony.externalcall.finish.json', token)).toEqual({
      status: 500,
      body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
    });
    const { active } = await json<{ active: Record<string, { count: number; methods: string[] }> }>(
      '/_sandbox/faults',
    );
    expect(active.status500).toEqual({ count: 1, methods: ['telephony.externalcall.finish'] });
    expect((await rest('telephony.externalCall.finish', token)).status).toBe(500);
    expect((await rest('telephony.externalCall.finish', token)).status).toBe(400);
    expect((await rest('user.current', token)).body.error).toBe('OPERATION_TIME_LIMIT');
    await json('/_sandbox/faults', 'POST', { status503: { count: 1 } });
    expect((await rest('scope', token)).body).toEqual({
      error: 'QUERY_LIMIT_EXCEEDED',
      error_description: 'Too many requests',
    });
    expect((await json<{ active: object }>('/_sandbox/faults')).active).toEqual({});
  });

  it('redirect302 answers like a renamed portal: following the POST as a GET loses the body', async () => {
    const { access_token: token } = await json<TokenResponse>('/_sandbox/tokens', 'POST', { user_id: 2 });
    await json('/_sandbox/faults', 'POST', {
      redirect302: { count: 1 },
      methods: ['telephony.externalCall.register'],
    });
    const followed = await rest('telephony.externalCall.register', token, {
      USER_ID: 2,
      PHONE_NUMBER: '+74951234567',
      TYPE: 2,
    });
    expect(followed.body).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    const { requests } = await json<{
      requests: { httpMethod: string; status: number; fault: string | null }[];
    }>('/_sandbox/requests');
    expect(requests.map((entry) => [entry.httpMethod, entry.status, entry.fault])).toEqual([
      ['POST', 302, 'redirect302'],
      ['GET', 401, null],
    ]);
  });

  it('delayMs slows the matching requests down', async () => {
    const { access_token: token } = await json<TokenResponse>('/_sandbox/tokens', 'POST', { user_id: 2 });
    await json('/_sandbox/faults', 'POST', { delayMs: 250, methods: ['scope'] });
    const started = Date.now();
    expect((await rest('scope', token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const quick = Date.now();
    await rest('user.current', token);
    expect(Date.now() - quick).toBeLessThan(200);
    const { requests } = await json<{ requests: { method: string; fault: string | null }[] }>(
      '/_sandbox/requests',
    );
    expect(requests.map((entry) => [entry.method, entry.fault])).toEqual([
      ['scope', 'delayMs'],
      ['user.current', null],
    ]);
  });

  it('systemError answers the documented system errors the emulator never reaches by itself', async () => {
    const { access_token: token } = await json<TokenResponse>('/_sandbox/tokens', 'POST', { user_id: 2 });
    await json('/_sandbox/faults', 'POST', { systemError: { error: 'PORTAL_DELETED', count: 1 } });
    const { active } = await json<{ active: Record<string, unknown> }>('/_sandbox/faults');
    expect(active.systemError).toEqual({ count: 1, methods: null, error: 'PORTAL_DELETED', status: 403 });
    expect(await rest('scope', token)).toEqual({
      status: 403,
      body: { error: 'PORTAL_DELETED', error_description: 'Portal was deleted' },
    });
    expect((await rest('scope', token)).status).toBe(200);
    await json('/_sandbox/faults', 'POST', {
      systemError: { error: 'user_access_error', count: 2, status: 403, methods: ['user.current'] },
    });
    expect((await rest('scope', token)).status).toBe(200);
    expect(await rest('user.current', token)).toEqual({
      status: 403,
      body: {
        error: 'user_access_error',
        error_description: 'The user does not have access to the application',
      },
    });
    const { requests } = await json<{ requests: { method: string; fault: string | null; error: string }[] }>(
      '/_sandbox/requests',
    );
    expect(requests.filter((entry) => entry.fault === 'systemError').map((entry) => entry.error)).toEqual([
      'PORTAL_DELETED',
      'user_access_error',
    ]);
    const refused = await fetch(`${origin}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ systemError: { error: 'MADE_UP', count: 1 } }),
    });
    expect(refused.status).toBe(400);
  });

  it('refuses malformed fault bodies with the reason', async () => {
    const response = await fetch(`${origin}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status503: { count: 0 } }),
    });
    expect(response.status).toBe(400);
  });
});
