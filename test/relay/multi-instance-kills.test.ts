import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickToCallCommand, HubCommand } from '../../common/relay/hub-protocol';
import { deliveryId } from '../../relay/dispatch/delivery-once';
import { commandInsertValues } from '../../relay/stores/rows';
import { waitInTest } from '../support/wait-in-test';
import { clickCommandsFor, clickFor, ClusterRig } from './support/cluster-rig';

/**
 * kill -9 of one of two relays on PostgreSQL at each step of a click (command stored, sent,
 * acknowledged), of a callback (queued, offered, accepted), of a ring-group call (claims taken)
 * and of the 480 finish (the lease holder): nothing lost, nothing dialled twice, no call left open.
 * Each step is reached by waiting for it in the database, at the portal emulator or on a raw hub
 * client, never by sleeping.
 */
let rig: ClusterRig | undefined;

const acceptTimeoutMs = 8_000;

beforeAll(async () => {
  rig = await ClusterRig.start({
    instances: 2,
    relay: {
      clickToCall: { acceptTimeoutMs },
      hub: { heartbeatMs: 1000 },
      // A ring-group call whose members' relay died is finished by the other one this long after.
      ringGroups: { maxRingMs: 5_000 },
    },
  });
}, 180_000); // initdb, two relays and HAProxy starting on a busy two-core machine

afterAll(async () => {
  await rig?.stop();
}, 60_000);

const the = () => rig as ClusterRig;
const cluster = () => the().cluster;

async function memberId(): Promise<string> {
  const [portal] = await the().query<{ member_id: string }>('SELECT member_id FROM portals');
  return portal?.member_id ?? '';
}

/** A click registered in the portal whose event is not delivered: the test posts it where it wants. */
async function registeredClick(userId: number): Promise<string> {
  await the().sandbox('/_sandbox/faults', { dropEvents: true });
  try {
    return await the().click(userId);
  } finally {
    await fetch(`${the().portalUrl}/_sandbox/faults`, { method: 'DELETE' });
  }
}

/** Kills instance `index` and starts it again once `meanwhile` is done. */
async function killed(index: number, meanwhile: () => Promise<void>): Promise<void> {
  await cluster().kill(index);
  try {
    await meanwhile();
  } finally {
    await cluster().restart(index);
    await cluster().balanced();
  }
}

const offer = (app: { commands: HubCommand[] }, callbackId: string) =>
  app.commands.find((command) => command.kind === 'callback-offer' && command.callbackId === callbackId);

describe('kill -9 of a relay at each step', () => {
  it('sends a click whose instance stored it and died before sending it, when the delivery is retried', async ({
    signal,
  }) => {
    const app = await the().appAt(1, await the().signIn(3));
    const callId = `externalCall.${Math.random().toString(16).slice(2)}.1`;
    const ts = Math.floor(Date.now() / 1000);
    const form = await the().clickEvent(3, callId, ts);
    const member = await memberId();
    const now = Date.now();
    const command: ClickToCallCommand = {
      kind: 'click-to-call',
      id: deliveryId(`c2c:${member}:${callId}:${ts}`, 'cmd'),
      callId,
      phoneNumber: '+79161234567',
      receivedAt: now,
      expiresAt: now + acceptTimeoutMs,
    };
    // The row relay 1 is about to store, written first in a transaction held open: relay 1 waits
    // on it inside its INSERT, and dies there. Committed afterwards, it is what relay 1 left
    // behind: the command stored, the event noted as seen, nothing sent, no answer to the POST.
    const writer = new pg.Client({ connectionString: cluster().postgres.url });
    // A test that timed out leaves it to the server's shutdown in afterAll: not an unhandled error.
    writer.on('error', () => undefined);
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO commands (id, member_id, user_id, command_json, created_at, expires_at, state, reason,
         status_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        commandInsertValues({
          id: command.id,
          memberId: member,
          userId: 3,
          command,
          createdAt: now,
          expiresAt: command.expiresAt,
          state: 'pending',
        }),
      );
      const posting = the()
        .postEvent(0, form)
        .catch(() => 'no answer');
      await waitInTest(
        'relay 1 to be storing the command',
        () =>
          the().query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO commands%'`,
          ),
        (rows) => (rows[0]?.waiting ?? 0) > 0,
        signal,
      );
      await killed(0, async () => {
        expect(await posting).toBe('no answer');
        await writer.query('COMMIT');
        // The balancer retries the POST at the live instance (docs/relay-haproxy.cfg, retry-on).
        expect(await the().postEvent(1, form)).toBe('duplicate');
        await app.waitFor(clickFor(callId));
      });
    } finally {
      await writer.end();
    }
    expect(clickCommandsFor(app, callId)).toEqual([command.id]);
    expect(await app.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'yours' });
  }, 180_000);

  it('loses no click when the instance that sent it dies, nor when the acknowledged one does', async ({
    signal,
  }) => {
    const session = await the().signIn(2);
    const app = await the().appAt(1, session);
    // Sent: relay 1 took the event and sent the command to the app on relay 2, then died.
    const sent = await registeredClick(2);
    expect(await the().postEvent(0, await the().clickEvent(2, sent))).toBe('queued');
    const command = await app.waitFor(clickFor(sent));
    const commandId = command.t === 'command' ? command.command.id : '';
    await killed(0, async () => {
      expect(await app.request('command/accept', { commandId })).toEqual({ outcome: 'yours' });
    });
    // Acknowledged: the instance holding the app's socket dies after the app accepted.
    await killed(1, async () => {
      const again = await the().appAt(0, session);
      await again.waitForNotice('callbacks');
      expect(clickCommandsFor(again, sent)).toEqual([]);
    });
    // A click nobody takes, stored after the accepted one expired: once it is finished with 480,
    // the sweeps have passed the accepted one, which they left alone.
    const unanswered = await the().click(1);
    await waitInTest(
      'the unanswered click to be finished',
      () => the().commandRow(unanswered),
      (row) => row?.state === 'expired',
      signal,
    );
    expect((await the().call(unanswered))?.finishRequests).toHaveLength(1);
    expect((await the().commandRow(sent))?.state).toBe('accepted');
    expect((await the().call(sent))?.finishRequests).toEqual([]);
    expect(clickCommandsFor(app, sent)).toEqual([commandId]);
  }, 180_000);

  it('finishes a click once when the instance holding the finish lease dies mid-finish', async ({
    signal,
  }) => {
    const callId = await registeredClick(1); // user 1 has no app in this file: nobody takes it
    const held = cluster().relays[1]?.service?.process as { pid: number };
    // Relay 2 stopped: relay 1 is the one that takes the lease. The finish is held at the portal.
    await the().sandbox('/_sandbox/faults', { delayMs: 20_000, methods: ['telephony.externalCall.finish'] });
    process.kill(held.pid, 'SIGSTOP');
    try {
      expect(await the().postEvent(0, await the().clickEvent(1, callId))).toBe('queued');
      await waitInTest(
        'relay 1 to be sending the finish',
        () =>
          the().sandbox<{ requests: { status: number; params: { CALL_ID?: string } }[] }>(
            '/_sandbox/requests?method=telephony.externalCall.finish',
          ),
        ({ requests }) =>
          requests.some((request) => request.params.CALL_ID === callId && request.status === 0),
        signal,
      );
      await cluster().kill(0);
    } finally {
      process.kill(held.pid, 'SIGCONT');
    }
    await fetch(`${the().portalUrl}/_sandbox/faults`, { method: 'DELETE' });
    try {
      // Relay 2 sends it once the dead holder's lease ran out; the held one lands too, refused.
      const finished = await waitInTest(
        'both finishes at the portal and the command settled',
        async () => ({ call: await the().call(callId), row: await the().commandRow(callId) }),
        ({ call, row }) => call?.finishRequests.length === 2 && row?.state === 'expired',
        signal,
      );
      expect(finished.call?.finish?.STATUS_CODE).toBe('480');
      expect(finished.call?.finishRequests.filter((request) => request.outcome === 'ok')).toHaveLength(1);
    } finally {
      await cluster().restart(0);
      await cluster().balanced();
    }
  }, 180_000);

  it('gets a callback accepted and done across kills when queued, offered and accepted', async ({
    signal,
  }) => {
    const session = await the().signIn(4);
    const form = await the().eventForm('ONEXTERNALCALLBACKSTART', Math.floor(Date.now() / 1000), {
      PHONE_NUMBER: '+79161230001',
      TEXT: 'Call me back',
    });
    // Queued: relay 1 took it (nobody is free) and died.
    expect(await the().postEvent(0, form)).toBe('queued');
    const [queued] = await the().query<{ id: string }>(`SELECT id FROM callbacks WHERE state = 'waiting'`);
    const id = queued?.id ?? '';
    await killed(0, async () => {
      expect((await the().query('SELECT id FROM callbacks WHERE id = $1', [id])).length).toBe(1);
    });
    // Offered: relay 1 offers it to its free agent, and dies before the app answers.
    const first = await the().appAt(0, session);
    await first.request('presence/update', { sipRegistered: true, busy: false, dnd: false });
    await waitInTest(
      'the offer at the app',
      () => offer(first, id),
      (found) => found !== undefined,
      signal,
    );
    const offered = offer(first, id) as HubCommand;
    let second: Awaited<ReturnType<ClusterRig['appAt']>> | undefined;
    await killed(0, async () => {
      second = await the().appAt(1, session);
      await second.waitFor((message) => message.t === 'command' && message.command.id === offered.id);
      expect(await second.request('command/accept', { commandId: offered.id })).toEqual({ outcome: 'yours' });
    });
    // Accepted: the instance holding the accepting app's socket dies; the agent finishes it elsewhere.
    await killed(1, async () => {
      const third = await the().appAt(0, session);
      const notice = await third.waitForNotice('callbacks');
      expect(notice.callbacks).toEqual([
        expect.objectContaining({ callbackId: id, state: 'accepted', assignedTo: 4 }),
      ]);
      expect(offer(third, id)).toBeUndefined();
      expect(await third.request('callback/done', { callbackId: id })).toEqual({ ok: true });
    });
    expect(await the().query('SELECT id FROM callbacks')).toEqual([]);
    expect(second?.commands.filter((command) => command.kind === 'callback-offer')).toHaveLength(1);
  }, 240_000);

  it('carries a ring-group call on when the instance its claimant was on dies', async ({ signal }) => {
    const borisSession = await the().signIn(2);
    const boris = await the().appAt(0, borisSession);
    const carla = await the().appAt(1, await the().signIn(3));
    const externalCallId = `pbx-${Date.now()}.1`;
    expect(await boris.request('ring/claim', { externalCallId })).toMatchObject({ role: 'claimant' });
    expect(await carla.request('ring/claim', { externalCallId })).toMatchObject({ role: 'member' });
    const callId = await registeredClick(2);
    await killed(0, async () => {
      // The claimant's app reconnects to the live instance and reports the CALL_ID it registered.
      const again = await the().appAt(1, borisSession);
      expect(await again.request('ring/registered', { externalCallId, callId })).toEqual({ ok: true });
      await carla.waitForNotice('ring-call-id', (notice) => notice.callId === callId);
    });
    // Claims taken on relay 1 by both members, relay 1 dies, nobody comes back: relay 2 finishes it as missed.
    const lost = `pbx-${Date.now()}.2`;
    const lostCallId = await registeredClick(3);
    const [claimant, member] = [
      await the().appAt(0, borisSession),
      await the().appAt(0, await the().signIn(3)),
    ];
    expect(await claimant.request('ring/claim', { externalCallId: lost })).toMatchObject({
      role: 'claimant',
    });
    expect(await member.request('ring/claim', { externalCallId: lost })).toMatchObject({ role: 'member' });
    expect(await claimant.request('ring/registered', { externalCallId: lost, callId: lostCallId })).toEqual({
      ok: true,
    });
    await killed(0, async () => {
      const finished = await waitInTest(
        'relay 2 to finish the abandoned call as missed',
        () => the().call(lostCallId),
        (call) => call?.finish !== null && call?.finish !== undefined,
        signal,
      );
      expect(finished?.finish?.STATUS_CODE).toBe('304');
      expect(finished?.finishRequests).toHaveLength(1);
    });
  }, 240_000);
});
