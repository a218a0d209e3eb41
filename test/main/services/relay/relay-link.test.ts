import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubCommand } from '../../../../common/relay/hub-protocol';
import { relayPaths } from '../../../../common/relay/relay-api';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import type { BitrixTokens } from '../../../../main/services/bitrix/bitrix-tokens';
import { RelayLink } from '../../../../main/services/relay/relay-link';
import { createFileSecretStore } from '../../../../main/services/secrets/file-secret-store';
import { adminToken, eventually, RelayRig, sleep } from '../../../relay/support/relay-rig';

let rig: RelayRig;
let link: RelayLink | undefined;
let profileDir = '';
afterEach(async () => {
  link?.close();
  link = undefined;
  await rig?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

interface AppUnderTest {
  link: RelayLink;
  tokens: () => BitrixTokens | null;
  commands: HubCommand[];
}

function app(userId: number, network?: typeof fetch): AppUnderTest {
  profileDir = mkdtempSync(path.join(tmpdir(), 'relay-link-'));
  let tokens: BitrixTokens | null = null;
  const commands: HubCommand[] = [];
  link = new RelayLink({
    profileDir,
    secrets: createFileSecretStore(profileDir, pino({ level: 'silent' })),
    log: pino({ level: 'silent' }),
    // The agent's browser: the portal's page, the user picked, back to the relay.
    openExternal: (url) => rig.authorizeInBrowser(url, userId),
    pollIntervalMs: 50,
    ...(network ? { fetch: network } : {}),
    initialBackoffMs: 50,
    maxBackoffMs: 200,
  });
  link.events.on('tokens', (next) => {
    tokens = next;
  });
  link.onCommand((command) => commands.push(command));
  return { link, tokens: () => tokens, commands };
}

describe('the app’s relay link', () => {
  it('signs in through the browser, keeps the session owner-only and connects the hub', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = app(2);
    await agent.link.signIn(rig.relayUrl);
    await eventually(
      () => agent.link.status(),
      (status) => status.state === 'connected',
    );
    expect(agent.link.status()).toMatchObject({ state: 'connected', userId: 2 });
    expect(agent.tokens()).toMatchObject({ user_id: 2, refresh_token: '' });
    expect(statSync(path.join(profileDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(profileDir, 'relay-session.json'))).toBe(false);
  });

  it('stays signed in when the network answers polls slower than the poll interval', async () => {
    rig = await RelayRig.start();
    await rig.install();
    // Real requests to the real relay; each poll's answer reaches the app four intervals late.
    let pollsInFlight = 0;
    const slowPolls: typeof fetch = async (input, init) => {
      if (!String(input instanceof Request ? input.url : input).endsWith(relayPaths.signInPoll))
        return fetch(input, init);
      pollsInFlight += 1;
      try {
        const answer = await fetch(input, init);
        await sleep(200);
        return answer;
      } finally {
        pollsInFlight -= 1;
      }
    };
    const agent = app(2, slowPolls);
    await agent.link.signIn(rig.relayUrl);
    await eventually(agent.tokens, (tokens) => tokens !== null);
    // A poll still out when the sign-in completed would come back 404 (the pairing is taken once).
    await eventually(
      () => pollsInFlight,
      (count) => count === 0,
    );
    await eventually(
      () => agent.link.status().state,
      (state) => state !== 'connecting',
    );
    expect(agent.link.status()).toMatchObject({ state: 'connected', userId: 2 });
  });

  it('refreshes the Bitrix24 token through the relay when the portal says it expired', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = app(3);
    await agent.link.signIn(rig.relayUrl);
    const tokens = await eventually(agent.tokens, (value) => value !== null);
    if (!tokens) throw new Error('no tokens');
    const client = new BitrixClient(tokens, { refresh: agent.link.refresh });
    await rig.sandbox('/_sandbox/faults', { expireAllTokens: true });
    const me = await client.call<{ ID: string }>('user.current', {});
    expect(me.ID).toBe('3');
  });

  it('reconnects after the relay restarts and passes a re-sent command on once', async () => {
    rig = await RelayRig.start({ relay: { clickToCall: { acceptTimeoutMs: 8000 } } });
    await rig.install();
    const agent = app(2);
    await agent.link.signIn(rig.relayUrl);
    await eventually(
      () => agent.link.status().state,
      (state) => state === 'connected',
    );
    agent.link.setPresence({ sipRegistered: true, busy: false, dnd: false });
    await rig.sandbox('/_sandbox/click-to-call', { user_id: 2, phone: '+79161234567' });
    await eventually(
      () => agent.commands.length,
      (count) => count === 1,
    );
    const states: string[] = [];
    agent.link.hub()?.onState((state) => states.push(state));
    await rig.restartRelay();
    // First the loss (however late the old socket's close is noticed), then the reconnection.
    await eventually(
      () => states,
      (seen) => seen.includes('waiting'),
    );
    await eventually(
      () => agent.link.status().state,
      (state) => state === 'connected',
    );
    // The relay re-sent the unsettled command on reconnect; the app saw it once.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.commands).toHaveLength(1);
    const hub = agent.link.hub();
    expect(await hub?.request('command/accept', { commandId: agent.commands[0]?.id ?? '' })).toEqual({
      outcome: 'yours',
    });
  });

  it('asks the agent to sign in again when an administrator revokes the session', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = app(2);
    await agent.link.signIn(rig.relayUrl);
    await eventually(
      () => agent.link.status().state,
      (state) => state === 'connected',
    );
    const [portal] = await rig.stores.portals.list();
    await fetch(`${rig.relayUrl}/admin/sessions/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ memberId: portal?.memberId, userId: 2 }),
    });
    await eventually(
      () => agent.link.status().state,
      (state) => state === 'sign-in-required',
    );
    expect(agent.tokens()).toBeNull();
  });

  it('signs out: the relay forgets the session and the app its tokens', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = app(2);
    await agent.link.signIn(rig.relayUrl);
    await eventually(
      () => agent.link.status().state,
      (state) => state === 'connected',
    );
    const sessions = await rig.stores.sessions.list();
    expect(sessions).toHaveLength(1);
    await agent.link.signOut();
    expect(agent.link.status()).toEqual({ state: 'not-configured' });
    expect(await rig.stores.sessions.list()).toEqual([]);
    expect(agent.tokens()).toBeNull();
  });
});
