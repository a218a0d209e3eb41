import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostEventName, HostEventPayload } from '../../../../common/host-api/contract';
import { HostEventBus } from '../../../../main/services/host-api/event-bus';
import { serveRelayCommands, type RelayCommands } from '../../../../main/services/relay/relay-commands';
import { numberRulesOf } from '../../../../common/phone/dial-rules';
import { dialRulesSettingsSchema } from '../../../../common/settings/phone-settings';
import { RelayCallRouter } from '../../../../main/services/relay/relay-call-router';
import { RelayLink, type RelayLinkOptions } from '../../../../main/services/relay/relay-link';
import { RingGroupCoordinator } from '../../../../main/services/relay/ring-group-coordinator';
import { createFileSecretStore } from '../../../../main/services/secrets/file-secret-store';
import { eventually, RelayRig } from '../../../relay/support/relay-rig';

let rig: RelayRig;
let link: RelayLink | undefined;
let profileDir = '';
/** The last link's options: a second link on them is the app started again on the same profile. */
let linkOptions: RelayLinkOptions;
afterEach(async () => {
  link?.close();
  await rig?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

interface Host {
  commands: RelayCommands;
  seen: <E extends HostEventName>(event: E) => HostEventPayload<E>[];
}

async function host(
  userId: number,
  dialRules?: Record<string, unknown>,
  dialMobileClicks = false,
): Promise<Host> {
  profileDir = mkdtempSync(path.join(tmpdir(), 'relay-commands-'));
  const log = pino({ level: 'silent' });
  const events = new HostEventBus();
  const emitted: { event: HostEventName; payload: unknown }[] = [];
  for (const event of [
    'relay/dial',
    'relay/callback-offer',
    'relay/command-withdrawn',
    'relay/callbacks',
    'relay/click-to-call-refused',
    'relay/mobile-click-left',
    'phone/command',
  ] as const) {
    events.on(event, (payload) => emitted.push({ event, payload }));
  }
  linkOptions = {
    profileDir,
    secrets: createFileSecretStore(profileDir, log),
    log,
    openExternal: (url) => rig.authorizeInBrowser(url, userId),
    pollIntervalMs: 50,
  };
  link = new RelayLink(linkOptions);
  // With dial rules, the app reads the relay's numbers as the host does (RelayCallRouter).
  const router = dialRules
    ? new RelayCallRouter({
        ringGroups: new RingGroupCoordinator(link, log),
        numberRules: () => numberRulesOf(dialRulesSettingsSchema.parse(dialRules)),
        log,
      })
    : undefined;
  const commands = serveRelayCommands(link, events, log, router, () => dialMobileClicks);
  await link.signIn(rig.relayUrl);
  const connected = link;
  await eventually(
    () => connected.status().state,
    (state) => state === 'connected',
  );
  return {
    commands,
    seen: <E extends HostEventName>(event: E) =>
      emitted.filter((entry) => entry.event === event).map((entry) => entry.payload as HostEventPayload<E>),
  };
}

describe('the host and the relay’s commands', () => {
  it('takes a click-to-call when the phone is registered and tells the page to dial it', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const app = await host(2);
    app.commands.presence({ sipRegistered: true, busy: false, dnd: false });
    // The click must find the agent free at the relay: wait for the presence to arrive there.
    const [portal] = await rig.stores.portals.list();
    await eventually(
      () => rig.relay.relay.hub.presence.isFree(portal?.memberId ?? '', 2, Date.now()),
      (free) => free,
    );
    const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '+79161234567',
      extension: 'ext. 123#',
    });
    const [dial] = await eventually(
      () => app.seen('relay/dial'),
      (dials) => dials.length === 1,
    );
    // The phone dials the number on the clicked line, and the CRM's extension as DTMF once the far
    // end answers.
    expect(app.seen('phone/command')).toEqual([
      { kind: 'dial', number: '+79161234567', dtmfOnAnswer: '123#', lineNumber: '74950001122' },
    ]);
    expect(CALL_ID).toMatch(/^externalCall\./);
    expect(dial).toMatchObject({ origin: 'click-to-call', number: '+79161234567', crmEntityType: 'CONTACT' });
    expect(dial?.crmEntityId).toBeGreaterThan(0);
  });

  it.each([
    [false, 0],
    [true, 1],
  ])(
    'a click made in the Bitrix24 mobile app is dialled here only when the agent chose so (%s)',
    async (dialMobileClicks, dialled) => {
      rig = await RelayRig.start();
      await rig.install();
      const app = await host(2, undefined, dialMobileClicks);
      app.commands.presence({ sipRegistered: true, busy: false, dnd: false });
      const [portal] = await rig.stores.portals.list();
      await eventually(
        () => rig.relay.relay.hub.presence.isFree(portal?.memberId ?? '', 2, Date.now()),
        (free) => free,
      );
      const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
        user_id: 2,
        phone: '+79161234567',
        is_mobile: true,
      });
      // Nobody takes a click left alone: the relay finishes it with 480 (acceptTimeoutMs).
      const finishedOrDialled = await eventually(
        async () => ({
          dials: app.seen('relay/dial').length,
          finish: (
            await rig.sandbox<{ calls: { CALL_ID: string; finish: Record<string, string> | null }[] }>(
              '/_sandbox/calls',
            )
          ).calls.find((call) => call.CALL_ID === CALL_ID)?.finish,
        }),
        (seen) => seen.dials > 0 || seen.finish != null,
      );
      expect(finishedOrDialled.dials).toBe(dialled);
      if (!dialMobileClicks) expect(finishedOrDialled.finish?.['STATUS_CODE']).toBe('480');
      // The agent is told why the desktop stayed idle, only when it did.
      expect(app.seen('relay/mobile-click-left')).toEqual(
        dialMobileClicks ? [] : [{ phoneNumber: '+79161234567' }],
      );
    },
  );

  it('leaves a click-to-call alone while the phone is not registered: the relay finishes it with 480', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const app = await host(2);
    app.commands.presence({ sipRegistered: false, busy: false, dnd: false });
    const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '+79161234567',
    });
    const finished = await eventually(
      () =>
        rig
          .sandbox<{ calls: { CALL_ID: string; finish: Record<string, string> | null }[] }>('/_sandbox/calls')
          .then(({ calls }) => calls.find((call) => call.CALL_ID === CALL_ID)),
      (call) => call?.finish !== null,
    );
    expect(finished?.finish?.STATUS_CODE).toBe('480');
    expect(app.seen('relay/dial')).toEqual([]);
  });

  it('learns the portal’s country when it connects and keeps it with the session', async () => {
    rig = await RelayRig.start({ country: 'DE' });
    await rig.install();
    await host(2);
    expect(link?.country()).toBe('DE');
    expect(link?.status()).toMatchObject({ state: 'connected', country: 'DE' });
    // A restart of the app knows it before the relay is reached again.
    link?.close();
    const again = new RelayLink(linkOptions);
    expect(again.country()).toBe('DE');
  });

  it('learns the agent’s default line from the relay’s lines when it connects and keeps it with the session', async () => {
    rig = await RelayRig.start({
      relay: {
        lines: [
          { number: '74950003333', users: [3] },
          { number: '74950002222', users: [2] },
        ],
      },
    });
    await rig.install();
    await host(2);
    expect(link?.line()).toBe('74950002222');
    link?.close();
    expect(new RelayLink(linkOptions).line()).toBe('74950002222');
  });

  it('gives every agent the line that names nobody', async () => {
    rig = await RelayRig.start();
    await rig.install();
    await host(3);
    expect(link?.line()).toBe('74950001122');
  });

  it('tells the page why a clicked number was not dialled', async () => {
    rig = await RelayRig.start({ country: 'RU' });
    await rig.install();
    const app = await host(2);
    app.commands.presence({ sipRegistered: true, busy: false, dnd: false });
    await rig.sandbox('/_sandbox/click-to-call', { user_id: 2, phone: '030 12345678' });
    const [refused] = await eventually(
      () => app.seen('relay/click-to-call-refused'),
      (seen) => seen.length === 1,
    );
    expect(refused).toMatchObject({ phoneNumber: '030 12345678', code: 'not-dialable' });
    expect(refused?.reason).toMatch(/numbers of RU/);
    expect(app.seen('relay/dial')).toEqual([]);
  });

  it('refuses a click its agent’s dial rules cannot dial: the relay finishes it with 404 and why', async () => {
    rig = await RelayRig.start();
    await rig.install();
    // Extensions of up to 3 digits here; the relay reads 1234 as an extension and offers it.
    const app = await host(2, { internalMaxDigits: 3 });
    app.commands.presence({ sipRegistered: true, busy: false, dnd: false });
    const [portal] = await rig.stores.portals.list();
    await eventually(
      () => rig.relay.relay.hub.presence.isFree(portal?.memberId ?? '', 2, Date.now()),
      (free) => free,
    );
    const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '1234',
    });
    const [refused] = await eventually(
      () => app.seen('relay/click-to-call-refused'),
      (seen) => seen.length === 1,
    );
    expect(refused).toMatchObject({ phoneNumber: '1234', code: 'not-dialable' });
    const finished = await eventually(
      () =>
        rig
          .sandbox<{ calls: { CALL_ID: string; finish: Record<string, string> | null }[] }>('/_sandbox/calls')
          .then(({ calls }) => calls.find((call) => call.CALL_ID === CALL_ID)),
      (call) => call?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ STATUS_CODE: '404', USER_ID: '2' });
    expect(finished?.finish?.FAILED_REASON).toBe(refused?.reason);
    expect(refused?.reason).toMatch(/cannot dial "1234" with this agent's dial rules/);
    expect(app.seen('relay/dial')).toEqual([]);
  });

  it('offers a callback to the page, takes it when accepted and closes it when done', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const app = await host(3);
    app.commands.presence({ sipRegistered: true, busy: false, dnd: false });
    await rig.sandbox('/_sandbox/callback-form', { phone: '+79031112233', text: 'Please call back' });
    const [offer] = await eventually(
      () => app.seen('relay/callback-offer'),
      (offers) => offers.length === 1,
    );
    expect(offer).toMatchObject({ phoneNumber: '+79031112233', text: 'Please call back' });
    // A page opened now starts from what the host heard: the offer, and the queue with it offered.
    expect(app.commands.callbacks().offers).toEqual([offer]);
    expect(app.commands.callbacks().queue).toMatchObject([{ phoneNumber: '+79031112233', state: 'offered' }]);
    expect(await app.commands.acceptCallback(offer?.id ?? '')).toEqual({ outcome: 'yours' });
    expect(app.seen('relay/dial')).toEqual([
      expect.objectContaining({ origin: 'callback', number: '+79031112233', text: 'Please call back' }),
    ]);
    expect(app.commands.callbacks().offers).toEqual([]);
    await eventually(
      () => app.seen('relay/callbacks').at(-1) ?? [],
      (queue) => queue[0]?.state === 'accepted',
    );
    expect(app.commands.callbacks().queue).toEqual([
      expect.objectContaining({ state: 'accepted', assignedTo: 3 }),
    ]);
    expect(await app.commands.callbackDone(offer?.callbackId ?? '')).toBe(true);
    await eventually(
      () => app.seen('relay/callbacks').at(-1),
      (queue) => queue?.length === 0,
    );
    expect(app.commands.callbacks()).toEqual({ queue: [], offers: [] });
  });
});
