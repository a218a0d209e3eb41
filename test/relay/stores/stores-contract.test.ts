import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClickToCallCommand } from '../../../common/relay/hub-protocol';
import { openPostgresStores } from '../../../relay/stores/postgres/database';
import { openSqliteStores } from '../../../relay/stores/sqlite/database';
import type {
  CallbackEntry,
  PendingCommand,
  Portal,
  RelayStores,
  SharedRateLimits,
  TransferHandoff,
} from '../../../relay/stores/stores';
import { TestPostgres } from '../support/postgres';
import { waitInTest } from '../../support/wait-in-test';

/**
 * The one contract of relay/stores/stores.ts, run against both implementations: what the relay
 * relies on - above all that each race (first acceptance, first claim, first delivery, one finish)
 * has exactly one winner even when the callers are concurrent.
 */
const log = pino({ level: 'silent' });
let postgres: TestPostgres | undefined;
const dirs: string[] = [];
const opened: RelayStores[] = [];

beforeAll(async () => {
  postgres = await TestPostgres.start();
}, 120_000); // initdb and a first start on a busy two-core machine

afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
});

afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

const engines: [string, () => Promise<RelayStores>][] = [
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'relay-stores-'));
      dirs.push(dir);
      return Promise.resolve(openSqliteStores(path.join(dir, 'relay.db'), { tokenKey: 'k' }));
    },
  ],
  [
    'postgres',
    async () => openPostgresStores(await (postgres as TestPostgres).databaseUrl(), { tokenKey: 'k', log }),
  ],
];

async function open(engine: () => Promise<RelayStores>): Promise<RelayStores> {
  const stores = await engine();
  opened.push(stores);
  return stores;
}

const portal: Portal = {
  memberId: 'm1',
  domain: 'Shop.Bitrix24.ru',
  clientEndpoint: 'https://shop.bitrix24.ru/rest/',
  serverEndpoint: 'https://oauth.bitrix.info/rest/',
  applicationToken: 'app-token',
  accessToken: 'access',
  refreshToken: 'refresh',
  accessExpiresAt: 1_900_000_000_000,
  scope: 'telephony',
  installedAt: 1_700_000_000_000,
};

const clickCommand = (id: string, expiresAt: number): PendingCommand => ({
  id,
  memberId: 'm1',
  userId: 7,
  command: {
    kind: 'click-to-call',
    id,
    callId: `call-${id}`,
    phoneNumber: '+74950000000',
    receivedAt: 1,
    expiresAt,
  } satisfies ClickToCallCommand,
  createdAt: 1,
  expiresAt,
  state: 'pending',
});

describe.each(engines)('relay stores on %s', (_name, engine) => {
  it('keeps portals with sealed tokens, replaces them on reinstall and finds them by domain in any case', async () => {
    const stores = await open(engine);
    await stores.portals.save(portal);
    await stores.portals.save({ ...portal, applicationToken: 'new-token' });
    expect(await stores.portals.findByDomain('shop.bitrix24.RU')).toEqual({
      ...portal,
      applicationToken: 'new-token',
    });
    expect(await stores.portals.list()).toHaveLength(1);
    await stores.portals.updateTokens('m1', { accessToken: 'a2', refreshToken: 'r2', accessExpiresAt: 5 });
    expect(await stores.portals.get('m1')).toMatchObject({
      accessToken: 'a2',
      refreshToken: 'r2',
      accessExpiresAt: 5,
    });
    expect(await stores.portals.remove('m1')).toBe(true);
    expect(await stores.portals.remove('m1')).toBe(false);
  });

  it('ends the sessions of one user or of a whole portal, and the expired ones', async () => {
    const stores = await open(engine);
    const grant = { ...portal, userId: 7, status: 'L' };
    for (const [id, userId, expiresAt] of [
      ['s1', 7, 100],
      ['s2', 8, 10_000],
      ['s3', 7, 10_000],
    ] as const)
      await stores.sessions.create({
        id,
        tokenHash: `h-${id}`,
        createdAt: 1,
        expiresAt,
        grant: { ...grant, userId },
      });
    expect((await stores.sessions.findByTokenHash('h-s2'))?.grant.userId).toBe(8);
    expect(await stores.sessions.removeExpired(500)).toEqual(['s1']);
    expect(await stores.sessions.removeFor('m1', 7)).toEqual(['s3']);
    expect((await stores.sessions.list('m1')).map((session) => session.id)).toEqual(['s2']);
    expect(await stores.sessions.removeFor('m1')).toEqual(['s2']);
  });

  it('confirms and settles a pairing once, and takes it once', async () => {
    const stores = await open(engine);
    await stores.pairings.create({
      id: 'p1',
      pollTokenHash: 'poll',
      stateHash: 'placeholder',
      memberId: 'm1',
      userCode: 'ABCD',
      createdAt: 1,
      expiresAt: 10_000,
      status: 'pending',
    });
    expect(await stores.pairings.confirm('p1', 'state', 5)).toBe(true);
    expect(await stores.pairings.confirm('p1', 'other', 6)).toBe(false);
    expect((await stores.pairings.findByStateHash('state'))?.confirmedAt).toBe(5);
    expect(await stores.pairings.settle('p1', { failure: 'denied' })).toBe(true);
    expect(await stores.pairings.settle('p1', { failure: 'again' })).toBe(false);
    expect(await stores.pairings.take('p1')).toBe(true);
    expect(await stores.pairings.take('p1')).toBe(false);
  });

  it('stores a command once and lets exactly one of many concurrent acceptances win', async () => {
    const stores = await open(engine);
    expect(await stores.commands.add(clickCommand('c1', 10_000))).toBe(true);
    expect(await stores.commands.add(clickCommand('c1', 20_000))).toBe(false);
    expect((await stores.commands.pendingFor('m1', 7, 5_000)).map((command) => command.expiresAt)).toEqual([
      10_000,
    ]);
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, app) =>
        stores.commands.transition('c1', 'pending', 'accepted', `app-${app}`),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await stores.commands.get('c1'))?.settledBy).toBe(`app-${wins.indexOf(true)}`);
    expect(await stores.commands.pendingFor('m1', 7, 5_000)).toEqual([]);
  });

  it("lets one of many concurrent acceptances of the agent's own command win, in time only, and shows the others who won", async () => {
    const stores = await open(engine);
    const command = clickCommand('c3', 10_000);
    await stores.commands.add(command);
    const agent = { memberId: 'm1', userId: 7 };
    const notWon = { won: false, command };
    expect(await stores.commands.accept('c3', { memberId: 'm1', userId: 8 }, 'app-x', 5_000)).toEqual(notWon);
    expect(await stores.commands.accept('c3', { memberId: 'm2', userId: 7 }, 'app-x', 5_000)).toEqual(notWon);
    expect(await stores.commands.accept('c3', agent, 'app-x', 10_000)).toEqual(notWon); // out of time
    expect(await stores.commands.accept('c4', agent, 'app-x', 5_000)).toEqual({ won: false, command: null });
    // Eight connections open first, so that the acceptances race in the database, not for a connection.
    await Promise.all(Array.from({ length: 8 }, () => stores.commands.get('c3')));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, app) => stores.commands.accept('c3', agent, `app-${app}`, 5_000)),
    );
    const winner = `app-${results.findIndex((result) => result.won)}`;
    expect(results.filter((result) => result.won).map((result) => result.command)).toEqual([command]);
    // Every other caller read the acceptance that won, also those that waited for it.
    for (const result of results.filter((result) => !result.won))
      expect([result.command?.state, result.command?.settledBy]).toEqual(['accepted', winner]);
    expect((await stores.commands.get('c3'))?.settledBy).toBe(winner);
  });

  it('hands the finish an expiring command owes to one holder until its lease runs out', async () => {
    const stores = await open(engine);
    await stores.commands.add(clickCommand('c2', 100));
    expect(await stores.commands.leaseFinish('c2', 'relay-a', 200, 1_000)).toBe(false); // still pending
    expect((await stores.commands.due(200, 10)).map((command) => command.id)).toEqual(['c2']);
    expect(await stores.commands.transition('c2', 'pending', 'expiring')).toBe(true);
    const leases = await Promise.all(
      ['relay-a', 'relay-b', 'relay-c'].map((holder) =>
        stores.commands.leaseFinish('c2', holder, 200, 1_000),
      ),
    );
    expect(leases.filter(Boolean)).toHaveLength(1);
    const holder = ['relay-a', 'relay-b', 'relay-c'][leases.indexOf(true)] as string;
    const other = holder === 'relay-a' ? 'relay-b' : 'relay-a';
    expect(await stores.commands.leaseFinish('c2', holder, 300, 1_300)).toBe(true); // its retry
    expect(await stores.commands.leaseFinish('c2', other, 1_299, 2_000)).toBe(false);
    expect(await stores.commands.leaseFinish('c2', other, 1_300, 2_000)).toBe(true); // the holder died
    expect(await stores.commands.transition('c2', 'expiring', 'expired')).toBe(true);
    expect(await stores.commands.leaseFinish('c2', other, 1_400, 2_000)).toBe(false);
    expect(await stores.commands.due(5_000, 10)).toEqual([]);
  });

  it('sees a delivery first once among concurrent callers, and again after it expired', async () => {
    const stores = await open(engine);
    const later = Date.now() + 60_000;
    const first = await Promise.all(Array.from({ length: 6 }, () => stores.dedupe.firstSeen('k', later)));
    expect(first.filter(Boolean)).toHaveLength(1);
    await stores.dedupe.firstSeen('old', Date.now() - 1);
    expect(await stores.dedupe.firstSeen('old', later)).toBe(true);
  });

  it('records a second key with a new or a repeated one in the same call, once among concurrent callers', async () => {
    const stores = await open(engine);
    const later = Date.now() + 60_000;
    const then = (key: string) =>
      stores.dedupe.firstSeenThen(
        key,
        later,
        { key: `${key}:new`, expiresAt: later },
        { key: `${key}:again`, expiresAt: later },
      );
    const results = await Promise.all(Array.from({ length: 6 }, () => then('d')));
    expect(results.filter(([first]) => first)).toEqual([[true, true]]);
    expect(results.filter(([first, next]) => !first && next)).toHaveLength(1);
    // Each second key was recorded by exactly that one call.
    expect(await stores.dedupe.firstSeen('d:new', later)).toBe(false);
    expect(await stores.dedupe.firstSeen('d:again', later)).toBe(false);
    // A new key whose first companion was seen already; nothing recorded after it when none is given.
    await stores.dedupe.firstSeen('e:new', later);
    expect(await then('e')).toEqual([true, false]);
    expect(await stores.dedupe.firstSeenThen('f', later, null, null)).toEqual([true, false]);
    expect(await stores.dedupe.firstSeenThen('f', later, null, null)).toEqual([false, false]);
    // A repeat records its own second key, not the one of a new key.
    await stores.dedupe.firstSeen('h', later);
    expect(await then('h')).toEqual([false, true]);
    expect(await stores.dedupe.firstSeen('h:new', later)).toBe(true);
    // An expired key is new again, and so is its expired companion.
    await stores.dedupe.firstSeen('g', Date.now() - 1);
    await stores.dedupe.firstSeen('g:new', Date.now() - 1);
    expect(await then('g')).toEqual([true, true]);
  });

  it('queues a callback once and offers it to one agent at a time', async () => {
    const stores = await open(engine);
    const entry: CallbackEntry = {
      id: 'cb1',
      memberId: 'm1',
      phoneNumber: '+74950000000',
      text: 'call me',
      requestedAt: 1,
      state: 'waiting',
      declinedBy: [],
      roundStartedAt: 1,
    };
    expect(await stores.callbacks.enqueue(entry)).toBe(true);
    expect(await stores.callbacks.enqueue({ ...entry, text: 'again' })).toBe(false);
    const offers = await Promise.all(
      [7, 8, 9].map((user) => stores.callbacks.offer('cb1', user, `cmd-${user}`, 99)),
    );
    expect(offers.filter(Boolean)).toHaveLength(1);
    const offeredTo = [7, 8, 9][offers.indexOf(true)] as number;
    expect(await stores.callbacks.decline('cb1', offeredTo)).toBe(true);
    expect(await stores.callbacks.portalsWaiting()).toEqual(['m1']);
    expect(await stores.callbacks.offer('cb1', 8, 'cmd-x', 99)).toBe(true);
    expect(await stores.callbacks.accept('cb1', 8)).toBe(true);
    expect(await stores.callbacks.get('cb1')).toMatchObject({
      state: 'accepted',
      assignedTo: 8,
      declinedBy: [offeredTo],
    });
    expect(await stores.callbacks.expire(1_000)).toEqual([]);
  });

  it('makes one member of a ring group the claimant and lets the first answer win', async () => {
    const stores = await open(engine);
    const claims = await Promise.all(
      [7, 8, 9].map((user) => stores.ringClaims.claim('m1', 'ext-1', user, 10)),
    );
    expect(claims.filter((claim) => claim.role === 'claimant')).toHaveLength(1);
    const claimant = claims.find((claim) => claim.role === 'claimant')?.claim.claimantUserId as number;
    expect(await stores.ringClaims.setCallId('m1', 'ext-1', claimant === 7 ? 8 : 7, 'CALL')).toBeNull();
    expect((await stores.ringClaims.setCallId('m1', 'ext-1', claimant, 'CALL'))?.callId).toBe('CALL');
    const answers = await Promise.all([7, 8, 9].map((user) => stores.ringClaims.answer('m1', 'ext-1', user)));
    expect(answers.filter((answer) => answer?.first)).toHaveLength(1);
    const late = await stores.ringClaims.claim('m1', 'ext-1', 10, 11);
    expect(late.claim.members).toHaveLength(3);
    expect(await stores.ringClaims.answer('m1', 'ext-1', 10)).toBeNull();
    expect(await stores.ringClaims.prune(11)).toBe(1);
  });

  it('takes a repeated ring-group claim, CALL_ID or answer as the first, and a repeated leave as the same leave', async () => {
    const stores = await open(engine);
    const claims = stores.ringClaims;
    await claims.claim('m1', 'ext-5', 7, 100);
    await claims.claim('m1', 'ext-5', 8, 110);
    const first = {
      memberId: 'm1',
      externalCallId: 'ext-5',
      claimantUserId: 7,
      members: [7, 8],
      createdAt: 100,
    };
    // An app connected again asks again: it stays what it was, and nothing is reset.
    expect(await claims.claim('m1', 'ext-5', 8, 120)).toEqual({ role: 'member', claim: first });
    expect(await claims.claim('m1', 'ext-5', 7, 120)).toEqual({ role: 'claimant', claim: first });
    await claims.setCallId('m1', 'ext-5', 7, 'CALL-5');
    // The claimant's app sends its CALL_ID again until it hears back; another one never replaces it.
    expect(await claims.setCallId('m1', 'ext-5', 7, 'CALL-5')).toEqual({ ...first, callId: 'CALL-5' });
    expect(await claims.setCallId('m1', 'ext-5', 7, 'CALL-5-again')).toEqual({ ...first, callId: 'CALL-5' });
    await claims.leave('m1', 'ext-5', 7, 130);
    expect(await claims.claim('m1', 'ext-5', 8, 140)).toEqual({
      role: 'member',
      claim: { ...first, callId: 'CALL-5', left: [7], leftAt: 130 },
    });
    expect(await claims.leave('m1', 'ext-5', 7, 150)).toMatchObject({ members: [7, 8], left: [7] });
    expect(await claims.answer('m1', 'ext-5', 8)).toMatchObject({ first: true, claim: { answeredBy: 8 } });
    expect(await claims.answer('m1', 'ext-5', 8)).toMatchObject({ first: true, claim: { answeredBy: 8 } });
    expect(await claims.claim('m1', 'ext-5', 8, 160)).toMatchObject({
      role: 'member',
      claim: { claimantUserId: 7, callId: 'CALL-5', answeredBy: 8, members: [7, 8] },
    });
    expect(await claims.missed(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('counts a ring-group call missed once every member left, or once it rang too long, and finishes it once', async () => {
    const stores = await open(engine);
    const claims = stores.ringClaims;
    await claims.claim('m1', 'ext-2', 7, 100);
    await claims.claim('m1', 'ext-2', 8, 100);
    await claims.setCallId('m1', 'ext-2', 7, 'CALL-2');
    expect(await claims.leave('m1', 'ext-2', 9, 200)).toBeNull();
    await claims.leave('m1', 'ext-2', 7, 200);
    expect(await claims.missed(1_000, 0)).toEqual([]);
    await claims.leave('m1', 'ext-2', 8, 300);
    expect(await claims.missed(300, 0)).toEqual([]);
    expect((await claims.missed(301, 0)).map((claim) => claim.callId)).toEqual(['CALL-2']);
    // Answered calls are never missed; a call nobody left counts once it rang past the limit.
    await claims.claim('m1', 'ext-3', 7, 100);
    await claims.setCallId('m1', 'ext-3', 7, 'CALL-3');
    await claims.claim('m1', 'ext-4', 7, 100);
    await claims.setCallId('m1', 'ext-4', 7, 'CALL-4');
    await claims.answer('m1', 'ext-4', 7);
    expect((await claims.missed(0, 101)).map((claim) => claim.callId).sort()).toEqual(['CALL-2', 'CALL-3']);
    const marks = await Promise.all([1, 2, 3].map(() => claims.markMissedFinished('m1', 'ext-2')));
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect((await claims.missed(301, 101)).map((claim) => claim.callId)).toEqual(['CALL-3']);
  });

  it('lets one app adopt a transferred call, and owes the finish of one nobody adopted or the target left', async () => {
    const stores = await open(engine);
    const handoffs = stores.handoffs;
    const handoff = (callId: string, caller: string, createdAt: number): TransferHandoff => ({
      memberId: 'm1',
      callId,
      fromUserId: 7,
      targetUserId: 8,
      caller,
      answeredAt: createdAt - 5_000,
      talkSeconds: 5,
      state: 'open',
      createdAt,
    });
    await handoffs.handOff(handoff('CALL-A', '+74951234567', 1_000));
    await handoffs.handOff(handoff('CALL-B', '+74957654321', 1_000));
    // Another user, another caller or a handoff older than the window is not adopted.
    expect(await handoffs.adopt('m1', 9, '+74951234567', 0)).toBeNull();
    expect(await handoffs.adopt('m1', 8, '+70000000000', 0)).toBeNull();
    expect(await handoffs.adopt('m1', 8, '+74951234567', 1_001)).toBeNull();
    const adoptions = await Promise.all([1, 2, 3].map(() => handoffs.adopt('m1', 8, '+74951234567', 500)));
    const adopted = adoptions.filter((one) => one !== null);
    expect(adopted).toHaveLength(1);
    expect(adopted[0]).toMatchObject({
      callId: 'CALL-A',
      fromUserId: 7,
      answeredAt: -4_000,
      state: 'adopted',
    });
    // Only the adopter's word moves it on; one of several concurrent moves wins.
    expect(await handoffs.transition('m1', 'CALL-A', 'adopted', 'finishing', 9)).toBeNull();
    const moves = await Promise.all(
      [1, 2].map(() => handoffs.transition('m1', 'CALL-A', 'adopted', 'finishing', 8)),
    );
    expect(moves.filter((one) => one !== null)).toHaveLength(1);
    // Due: the finishing one at once, the open one only once its window has passed.
    expect((await handoffs.due(1_000)).map((one) => one.callId)).toEqual(['CALL-A']);
    expect((await handoffs.due(1_001)).map((one) => one.callId).sort()).toEqual(['CALL-A', 'CALL-B']);
    expect(await handoffs.transition('m1', 'CALL-A', 'finishing', 'finished')).not.toBeNull();
    expect((await handoffs.due(1_001)).map((one) => one.callId)).toEqual(['CALL-B']);
    // Handed off again (the target transferred it on): open again, for the new target.
    await handoffs.handOff({ ...handoff('CALL-A', '+74951234567', 2_000), fromUserId: 8, targetUserId: 9 });
    expect(await handoffs.adopt('m1', 9, '+74951234567', 1_500)).toMatchObject({ fromUserId: 8 });
    expect(await handoffs.prune(1_500)).toBe(1);
  });
});

describe('PostgreSQL migrations', () => {
  it('run once when several relays start on a fresh database together', async () => {
    const url = await (postgres as TestPostgres).databaseUrl();
    const relays = await Promise.all(Array.from({ length: 4 }, () => openPostgresStores(url, { log })));
    opened.push(...relays);
    await relays[0]?.portals.save(portal);
    expect((await relays[3]?.portals.get('m1'))?.domain).toBe(portal.domain);
    expect(relays.every((stores) => stores.bus?.listening)).toBe(true);
  });
});

describe('PostgreSQL acceptance of a command', () => {
  it('tells a caller that waited for a concurrent acceptance which one won', async ({ signal }) => {
    const url = await (postgres as TestPostgres).databaseUrl();
    const stores = await openPostgresStores(url, { log });
    opened.push(stores);
    await stores.commands.add(clickCommand('c5', 10_000));
    // Another relay's acceptance, held uncommitted while this one asks; a third connection watches
    // (inside a transaction pg_stat_activity would show the first snapshot it took).
    const other = new pg.Client({ connectionString: url });
    const watcher = new pg.Client({ connectionString: url });
    await other.connect();
    await watcher.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE commands SET state = 'accepted', settled_by = 'app-other' WHERE id = 'c5'`);
      const asked = stores.commands.accept('c5', { memberId: 'm1', userId: 7 }, 'app-here', 5_000);
      await waitInTest(
        'the acceptance to wait for the held one',
        async () =>
          (
            await watcher.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock'
                 AND query LIKE '%FROM commands WHERE id%'`,
            )
          ).rows[0]?.n,
        (waiting) => waiting === 1,
        signal,
      );
      await other.query('COMMIT');
      const { won, command } = await asked;
      expect([won, command?.state, command?.settledBy]).toEqual([false, 'accepted', 'app-other']);
    } finally {
      await other.end();
      await watcher.end();
    }
  });
});

describe('PostgreSQL shared rate limits', () => {
  it('spend one budget across relays, never a token twice, and forget a bucket once it is full again', async () => {
    const url = await (postgres as TestPostgres).databaseUrl();
    const relays = await Promise.all([0, 1].map(() => openPostgresStores(url, { log })));
    opened.push(...relays);
    const relay = (index: number) => relays[index]?.rateLimits as SharedRateLimits;
    // Five at once, then one every 1000 s: nothing refills within the test.
    const shape = { ratePerSecond: 0.001, burst: 5 };
    const at = 1_000_000;
    const takes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => relay(index % 2).take('session:s1', shape, at)),
    );
    expect(takes.filter(Boolean)).toHaveLength(5);
    expect(await relay(0).take('session:s2', shape, at)).toBe(true);
    // One token back after 1000 s, at either relay; a refused take does not push the refill back.
    expect(await relay(1).take('session:s1', shape, at + 999_000)).toBe(false);
    expect(await relay(1).take('session:s1', shape, at + 1_000_000)).toBe(true);
    expect(await relay(0).take('session:s1', shape, at + 1_000_000)).toBe(false);
    // s2 is full again 1000 s after its take, s1 5000 s after its last one.
    expect(await relay(0).prune(at + 999_000)).toBe(0);
    expect(await relay(0).prune(at + 1_000_000)).toBe(1);
    expect(await relay(0).prune(at + 6_000_000)).toBe(1);
    expect(await relay(1).take('session:s1', shape, at + 6_000_000)).toBe(true);
  });
});
