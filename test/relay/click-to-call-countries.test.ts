import { afterEach, describe, expect, it } from 'vitest';
import type { ClickToCallCommand } from '../../common/relay/hub-protocol';
import { eventually, RelayRig, sleep } from './support/relay-rig';

/**
 * The portal's country on the relay (its configuration for the portal, the emulator's `--country`):
 * the apps learn it in the welcome, a click is offered with the number the portal read in it, and a
 * click nobody can dial is finished with 404 and a reason the agent is told.
 */

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

interface SandboxCall {
  CALL_ID: string;
  finish: Record<string, string> | null;
  finishRequests: unknown[];
}

async function finished(callId: string): Promise<SandboxCall | undefined> {
  return eventually(
    async () =>
      (await rig.sandbox<{ calls: SandboxCall[] }>('/_sandbox/calls')).calls.find(
        (call) => call.CALL_ID === callId,
      ),
    (call) => call?.finish !== null,
  );
}

async function click(userId: number, phone: string): Promise<string> {
  const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
    user_id: userId,
    phone,
  });
  return CALL_ID;
}

describe('numbers of every country at the relay', () => {
  it.each([
    [undefined, 'RU'],
    ['DE', 'DE'],
    ['US', 'US'],
  ])('tells the apps the portal’s country in the welcome (configured: %s)', async (country, told) => {
    rig = await RelayRig.start(country ? { country } : {});
    await rig.install();
    const agent = await rig.agent(2);
    const welcome = agent.messages.find((message) => message.t === 'welcome');
    expect(welcome).toMatchObject({ country: told });
  });

  it.each([
    ['DE', '030 12345678', '+493012345678'],
    ['US', '(212) 555-1234', '+12125551234'],
    ['RU', '8 (916) 123-45-67', '+79161234567'],
  ])('on a %s portal offers a click to %s with its international form %s', async (country, phone, e164) => {
    rig = await RelayRig.start({ country });
    await rig.install();
    const agent = await rig.agent(2);
    const callId = await click(2, phone);
    const command = (await agent.waitForCommand('click-to-call')) as ClickToCallCommand;
    expect(command).toMatchObject({ callId, phoneNumber: phone, phoneNumberInternational: e164 });
    expect(await agent.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'yours' });
  });

  it('finishes a click nobody can dial with 404 and the reason, and tells the agent why', async () => {
    // A German national number in a Russian portal: no country reads it as a dialable number.
    rig = await RelayRig.start({ country: 'RU' });
    await rig.install();
    const agent = await rig.agent(2);
    const callId = await click(2, '030 12345678');
    const notice = await agent.waitForNotice('click-to-call-refused');
    expect(notice).toMatchObject({ callId, phoneNumber: '030 12345678', code: 'not-dialable' });
    const call = await finished(callId);
    expect(call?.finish).toMatchObject({ STATUS_CODE: '404', USER_ID: '2', DURATION: '0' });
    expect(call?.finish?.FAILED_REASON).toBe(notice.reason);
    expect(notice.reason).toMatch(/cannot dial "030 12345678" \(numbers of RU\)/);
    expect(call?.finishRequests).toHaveLength(1);
    // Nothing was offered to dial, and the relay's time-out does not finish it a second time.
    await sleep(rig.config.clickToCall.acceptTimeoutMs + 300);
    expect(agent.commands).toEqual([]);
    expect((await finished(callId))?.finishRequests).toHaveLength(1);
  });

  it('lets an app that cannot dial a click refuse it: finished once with 404 and its reason', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session } = await rig.signIn(2);
    const desktop = await rig.connect(session);
    const laptop = await rig.connect(session);
    const other = await rig.agent(3);
    const callId = await click(2, '+79161234567');
    const command = (await desktop.waitForCommand('click-to-call')) as ClickToCallCommand;
    const reason = 'b24phone cannot dial "+79161234567" with this agent\'s dial rules: test';
    // Only the clicking agent's apps may refuse it.
    expect(await other.request('command/refuse', { commandId: command.id, reason })).toEqual({ ok: false });
    expect(await desktop.request('command/refuse', { commandId: command.id, reason })).toEqual({ ok: true });
    await laptop.waitForNotice('command-withdrawn', (notice) => notice.commandId === command.id);
    expect(await laptop.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'expired' });
    expect(await laptop.request('command/refuse', { commandId: command.id, reason })).toEqual({ ok: false });
    const call = await finished(callId);
    expect(call?.finish).toMatchObject({ STATUS_CODE: '404', FAILED_REASON: reason, USER_ID: '2' });
    await sleep(rig.config.clickToCall.acceptTimeoutMs + 300);
    expect((await finished(callId))?.finishRequests).toHaveLength(1);
  });

  it('does not let an app refuse a click another of the agent’s apps took', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session } = await rig.signIn(2);
    const desktop = await rig.connect(session);
    const laptop = await rig.connect(session);
    await click(2, '+79161234567');
    const command = (await desktop.waitForCommand('click-to-call')) as ClickToCallCommand;
    expect(await desktop.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'yours' });
    expect(await laptop.request('command/refuse', { commandId: command.id, reason: 'no' })).toEqual({
      ok: false,
    });
  });
});
