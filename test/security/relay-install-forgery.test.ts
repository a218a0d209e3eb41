import { afterEach, describe, expect, it } from 'vitest';
import { relayPaths } from '../../common/relay/relay-api';
import { signInAsPerson } from '../relay/support/browser-sign-in';
import {
  clickToCall,
  installForm,
  memberId,
  postForm,
  sandbox,
  startRelayStack,
  type RelayStack,
} from './support/relay-stack';

/**
 * Issue 15, item 1: an ONAPPINSTALL is believed only when the OAuth server redeems its refresh
 * token and the installing user is an administrator. Raw HTTP against the real relay and portal
 * emulator processes on loopback.
 */
let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** An ONEXTERNALCALLSTART for user 2 carrying `applicationToken`, as anyone can POST it. */
function clickEvent(applicationToken: string): URLSearchParams {
  return new URLSearchParams({
    event: 'ONEXTERNALCALLSTART',
    'data[CALL_ID]': `externalCall.${Date.now()}`,
    'data[USER_ID]': '2',
    'data[PHONE_NUMBER]': '+79990000000',
    ts: String(Math.floor(Date.now() / 1000)),
    'auth[member_id]': memberId,
    'auth[application_token]': applicationToken,
  });
}

// Each test starts both processes: more than the default 20 s on a busy machine.
describe('a forged ONAPPINSTALL', { timeout: 90_000 }, () => {
  it("made with an agent's own access token is refused; the portal's genuine events keep working", async () => {
    stack = await startRelayStack();
    const { session } = await signInAsPerson(stack, 2);
    const tokenAnswer = await fetch(`${stack.relayUrl}${relayPaths.token}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const agentToken = (await tokenAnswer.json()) as { access_token: string; member_id: string };

    const forged = await postForm(
      stack,
      '/bitrix/install',
      installForm(stack, {
        access_token: agentToken.access_token,
        member_id: agentToken.member_id,
        refresh_token: 'a-refresh-token-agents-never-hold',
        application_token: 'attacker-chosen-application-token',
      }),
    );
    expect(forged.status).toBe(401);
    // The attacker's application_token opens nothing: a colleague's app is not made to dial.
    const attackerEvent = await postForm(
      stack,
      '/bitrix/events',
      clickEvent('attacker-chosen-application-token'),
    );
    expect(attackerEvent.status).toBe(401);

    // Positive control: the portal's genuine click-to-call is still accepted.
    const genuine = await clickToCall(stack);
    expect(genuine.status).toBe(200);
    expect(genuine.responseBody).toContain('"ok":true');
  });

  it('from a user who is not an administrator is refused and the installation stays as it was', async () => {
    stack = await startRelayStack();
    const { application_token: genuineToken } = await sandbox<{ application_token: string }>(
      stack,
      '/_sandbox/app',
    );

    // The portal really sends it, with user 2's real token pair: the proof passes, user.admin does not.
    const byAgent = await sandbox<{ delivery: { status: number | null } }>(stack, '/_sandbox/install', {
      handler_url: `${stack.relayUrl}/bitrix/install`,
      user_id: 2,
    });
    const kept = await postForm(stack, '/bitrix/events', clickEvent(genuineToken));
    expect(kept.status).toBe(200);
    expect(byAgent.delivery.status).toBe(403);

    // Positive control: the administrator's reinstall is accepted, and its events with it.
    const byAdmin = await sandbox<{ delivery: { status: number | null } }>(stack, '/_sandbox/install', {
      handler_url: `${stack.relayUrl}/bitrix/install`,
      user_id: 1,
    });
    expect(byAdmin.delivery.status).toBe(200);
    expect((await clickToCall(stack)).status).toBe(200);
  });
});
