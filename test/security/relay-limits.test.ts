import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { relayPaths, type AgentAccessToken, type SignInStarted } from '../../common/relay/relay-api';
import { eventually, RelayRig, type TestAgent } from '../relay/support/relay-rig';
import { rawHttp } from './support/raw-http';

let rig: RelayRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The relay's clock held still: no bucket refills during the test, so every count is exact. */
const stillClock = () => {
  const at = Date.now();
  return () => at;
};

const pairingRows = (file: string): number => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM pairings').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const statusCounts = (statuses: number[]) => ({
  ok: statuses.filter((status) => status === 200).length,
  limited: statuses.filter((status) => status === 429).length,
});

describe('relay limits', () => {
  it('limits sign-in starts per source address (10/s, burst 20 by default), not other addresses', async () => {
    // The relay's default; the rig opens it up for tests that sign many agents in.
    rig = await RelayRig.start({ now: stillClock(), relay: { limits: { addressRatePerSecond: 10 } } });
    await rig.install();
    // Positive control: a genuine sign-in (start, confirmation page, continue, callback, poll).
    await rig.signIn(2);
    const before = pairingRows(rig.config.databasePath);
    const start = () =>
      rawHttp(`${rig!.relayUrl}${relayPaths.signIn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const flood = statusCounts((await Promise.all(Array.from({ length: 300 }, start))).map((r) => r.status));
    expect(flood.ok + flood.limited).toBe(300);
    // The genuine sign-in took five of the address's twenty.
    expect(flood.ok).toBe(15);
    expect(pairingRows(rig.config.databasePath)).toBe(before + flood.ok);

    // Another address still starts a sign-in and sees its confirmation page.
    const other = await rawHttp(`${rig.relayUrl}${relayPaths.signIn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      localAddress: '127.0.0.2',
    });
    expect(other.status).toBe(200);
    const started = JSON.parse(other.body) as SignInStarted;
    const page = await rawHttp(started.authorizeUrl, { localAddress: '127.0.0.2' });
    expect(page.status).toBe(200);
    expect(page.body).toContain(started.userCode);
  });

  it('limits a session across all its hub sockets and its HTTP requests together', async () => {
    rig = await RelayRig.start({
      now: stillClock(),
      relay: { limits: { sessionRatePerSecond: 5 } },
    });
    await rig.install();
    const boris = await rig.signIn(2);
    const sockets: TestAgent[] = [];
    for (let index = 0; index < 4; index += 1) sockets.push(await rig.connect(boris.session));
    const hub = sockets.flatMap((socket) =>
      Array.from({ length: 20 }, () =>
        socket
          .rawRequest('callbacks/list', {})
          .then((reply) => (reply.t === 'response' && reply.ok ? 200 : 429)),
      ),
    );
    const http = Array.from({ length: 20 }, () =>
      rig!.relayRequest('GET', relayPaths.me, undefined, boris.session).then((response) => response.status),
    );
    const counts = statusCounts(await Promise.all([...hub, ...http]));
    expect(counts.ok + counts.limited).toBe(100);
    // One budget of 5/s with a burst of 10 for the session, however many sockets it opens.
    expect(counts.ok).toBe(10);

    // Positive control: another session has its own budget.
    const carla = await rig.signIn(3);
    const carlaSocket = await rig.connect(carla.session);
    expect(await carlaSocket.request('callbacks/list', {})).toEqual({ callbacks: [] });
    expect((await rig.relayRequest('GET', relayPaths.me, undefined, carla.session)).status).toBe(200);
  });

  it('caps the hub sockets of one session (default 4) and takes a new one once one closed', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.signIn(2);
    const attempts = await Promise.allSettled(Array.from({ length: 40 }, () => rig!.connect(boris.session)));
    const open = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
    const refused = attempts.flatMap((attempt) =>
      attempt.status === 'rejected' ? [String(attempt.reason)] : [],
    );
    expect(open).toHaveLength(4);
    expect(refused).toHaveLength(36);
    for (const reason of refused) expect(reason).toMatch(/hub refused: 429/);

    // Positive controls: another session connects meanwhile, and a closed socket frees its place.
    const carla = await rig.signIn(3);
    await rig.connect(carla.session);
    open[0]?.close();
    const again = await eventually(
      () =>
        rig!.connect(boris.session).then(
          () => true,
          () => false,
        ),
      (connected) => connected,
    );
    expect(again).toBe(true);
  });

  it("does not reset a limited session's budget when many other sessions fill the table", async () => {
    rig = await RelayRig.start({
      now: stillClock(),
      relay: { limits: { sessionRatePerSecond: 1, trackedKeys: 3 } },
    });
    await rig.install();
    const boris = await rig.signIn(2);
    const others = [];
    for (let index = 0; index < 5; index += 1) others.push(await rig.signIn(3));
    const me = (session: string) =>
      rig!.relayRequest('GET', relayPaths.me, undefined, session).then((response) => response.status);
    expect([await me(boris.session), await me(boris.session), await me(boris.session)]).toEqual([
      200, 200, 429,
    ]);
    // Five other sessions, each new to a table that remembers three.
    for (const other of others) expect(await me(other.session)).toBe(200);
    expect(await me(boris.session)).toBe(429);
  });

  it('limits the token refreshes an app may force (default 6 a minute per session)', async () => {
    rig = await RelayRig.start({ now: stillClock() });
    await rig.install();
    const boris = await rig.signIn(2);
    const force = (session: string, expiredAccessToken: string) =>
      rig!.relayRequest('POST', relayPaths.token, { expiredAccessToken }, session);
    let current = boris.token.access_token;
    const seen = new Set([current]);
    for (let refresh = 0; refresh < 6; refresh += 1) {
      const response = await force(boris.session, current);
      expect(response.status).toBe(200);
      current = ((await response.json()) as AgentAccessToken).access_token;
      seen.add(current);
    }
    expect(seen.size).toBe(7);
    const refused = await force(boris.session, current);
    expect(refused.status).toBe(429);
    // Six a minute: the next one in ten seconds.
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await refused.json()).toMatchObject({ error: 'rate-limited' });

    // Positive controls: the app still gets its (unexpired) token, and another session may force.
    const plain = await rig.relayRequest('POST', relayPaths.token, {}, boris.session);
    expect(((await plain.json()) as AgentAccessToken).access_token).toBe(current);
    const carla = await rig.signIn(3);
    const forced = await force(carla.session, carla.token.access_token);
    expect(forced.status).toBe(200);
    expect(((await forced.json()) as AgentAccessToken).access_token).not.toBe(carla.token.access_token);
  });
});
