import { afterEach, describe, expect, it } from 'vitest';
import type { ClickToCallCommand } from '../../common/relay/hub-protocol';
import { clickCommandsFor } from './support/cluster-rig';
import { eventually, RelayRig, sleep } from './support/relay-rig';

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

interface SandboxCall {
  CALL_ID: string;
  userId: number;
  finish: Record<string, string> | null;
  finishRequests: unknown[];
}

async function call(rig: RelayRig, callId: string): Promise<SandboxCall | undefined> {
  const { calls } = await rig.sandbox<{ calls: SandboxCall[] }>('/_sandbox/calls');
  return calls.find((candidate) => candidate.CALL_ID === callId);
}

async function click(rig: RelayRig, userId: number, phone = '+79161234567'): Promise<string> {
  const outcome = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
    user_id: userId,
    phone,
  });
  return outcome.CALL_ID;
}

function clickEventBody(rig: RelayRig, overrides: Record<string, string>): Promise<URLSearchParams> {
  return rig.stores.portals.list().then(([portal]) => {
    const form = new URLSearchParams({
      event: 'ONEXTERNALCALLSTART',
      'data[CALL_ID]': `externalCall.${Math.random().toString(16).slice(2)}.1`,
      'data[USER_ID]': '2',
      'data[PHONE_NUMBER]': '+79161234567',
      ts: String(Math.floor(Date.now() / 1000)),
      'auth[member_id]': portal?.memberId ?? '',
      'auth[application_token]': portal?.applicationToken ?? '',
    });
    for (const [key, value] of Object.entries(overrides)) form.set(key, value);
    return form;
  });
}

async function postEvent(rig: RelayRig, form: URLSearchParams): Promise<Response> {
  return fetch(`${rig.relayUrl}/bitrix/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}

describe('click-to-call', () => {
  it('pushes the command to the clicking user and lets the first of its apps take it', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session } = await rig.signIn(2);
    const desktop = await rig.connect(session);
    const browser = await rig.connect(session);
    const other = await rig.agent(3);

    const callId = await click(rig, 2);
    const command = (await desktop.waitForCommand('click-to-call')) as ClickToCallCommand;
    await browser.waitForCommand('click-to-call');
    expect(command).toMatchObject({ callId, phoneNumber: '+79161234567', lineNumber: '74950001122' });
    expect(command.crmEntityType).toBe('CONTACT');
    // CALL_LIST_ID=0 is Bitrix24's "not from a call list": no call list id at all.
    expect(command.callListId).toBeUndefined();
    expect(command.isMobile).toBe(false);

    expect(await desktop.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'yours' });
    expect(await browser.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'taken' });
    await browser.waitForNotice('command-withdrawn', (notice) => notice.commandId === command.id);

    // Agent 3 saw nothing and cannot act on agent 2's command.
    expect(other.commands).toEqual([]);
    expect(await other.request('command/accept', { commandId: command.id })).toEqual({ outcome: 'unknown' });
    // The app owns the finish now: the relay does not finish it on time-out.
    await sleep(rig.config.clickToCall.acceptTimeoutMs + 300);
    expect((await call(rig, callId))?.finish).toBeNull();
  });

  it('dials once when Bitrix24 delivers the same click twice', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    await rig.sandbox('/_sandbox/faults', { duplicateEvents: true });
    await click(rig, 2);
    const { events } = await rig.sandbox<{ events: { event: string; status: number }[] }>('/_sandbox/events');
    expect(
      events.filter((event) => event.event === 'ONEXTERNALCALLSTART').map((event) => event.status),
    ).toEqual([200, 200]);
    await agent.waitForCommand('click-to-call');
    await sleep(200);
    expect(agent.commands.filter((command) => command.kind === 'click-to-call')).toHaveLength(1);
  });

  it('dials a delivery whose first attempt died after noting it but before storing it, once', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    const form = await clickEventBody(rig, {});
    const [portal] = await rig.stores.portals.list();
    const key = `c2c:${portal?.memberId}:${form.get('data[CALL_ID]')}`;
    // What a relay killed half-way through this delivery left behind: the delivery and its CALL_ID noted.
    await rig.stores.dedupe.firstSeen(`${key}:${form.get('ts')}`, Date.now() + 60_000);
    await rig.stores.dedupe.firstSeen(key, Date.now() + 60_000);
    const retried = await postEvent(rig, form);
    expect(await retried.json()).toMatchObject({ outcome: 'dispatched' });
    await agent.waitForCommand('click-to-call');
    expect(await (await postEvent(rig, form)).json()).toMatchObject({ outcome: 'duplicate' });
    await sleep(200);
    expect(agent.commands.filter((command) => command.kind === 'click-to-call')).toHaveLength(1);
  });

  it('drops a double click, but dials a later click Bitrix24 answered with the same CALL_ID', async () => {
    rig = await RelayRig.start({ relay: { clickToCall: { maxEventAgeMs: 3000 } } });
    await rig.install();
    const agent = await rig.agent(2);
    const first = await click(rig, 2);
    expect(await click(rig, 2)).toBe(first);
    await agent.waitForCommand('click-to-call');
    await sleep(200);
    // Both clicks may land in the same second: the second is then the same delivery as the first,
    // which the relay handles again (it cannot tell it from a retried POST) - the same command id.
    expect(clickCommandsFor(agent, first)).toHaveLength(1);
    // Bitrix24's 30-minute register dedupe gives the same number's next click the same CALL_ID.
    await sleep(3100);
    expect(await click(rig, 2)).toBe(first);
    await eventually(
      () => clickCommandsFor(agent, first),
      (ids) => ids.length === 2,
    );
  });

  it('finishes the call with 480 when no app of the user is connected', async () => {
    rig = await RelayRig.start();
    await rig.install();
    await rig.agent(3);
    const callId = await click(rig, 2);
    const finished = await eventually(
      () => call(rig, callId),
      (value) => value?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ STATUS_CODE: '480', USER_ID: '2' });
    expect(finished?.finish?.FAILED_REASON).toMatch(/No b24phone app/);
    expect(finished?.finishRequests).toHaveLength(1);
  });

  it('hands a click queued while the app was offline to the app that connects in time', async () => {
    rig = await RelayRig.start({ relay: { clickToCall: { acceptTimeoutMs: 3000 } } });
    await rig.install();
    const { session } = await rig.signIn(2);
    const { CALL_ID: callId } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '+79161234567',
      call_list_id: 5,
    });
    const late = await rig.connect(session);
    const command = await late.waitForCommand('click-to-call');
    // Dialled from a call list: the app keeps CALL_LIST_ID with the call.
    expect(command).toMatchObject({ callId, callListId: 5 });
  });

  it('does not dial an event older than 15 s but finishes it so the CRM is not left hanging', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    // The portal registers the click, but its event only reaches us (by our hand) a minute late.
    await rig.sandbox('/_sandbox/faults', { dropEvents: true });
    const callId = await click(rig, 2);
    await rig.sandbox('/_sandbox/faults', undefined, 'DELETE');
    const form = await clickEventBody(rig, {
      'data[CALL_ID]': callId,
      ts: String(Math.floor(Date.now() / 1000) - 60),
    });
    expect((await postEvent(rig, form)).status).toBe(200);
    const finished = await eventually(
      () => call(rig, callId),
      (value) => value?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ STATUS_CODE: '480', USER_ID: '2' });
    expect(finished?.finish?.FAILED_REASON).toMatch(/late/);
    expect(agent.commands).toEqual([]);
  });

  it('refuses an event with a wrong application_token and changes nothing', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    const form = await clickEventBody(rig, { 'auth[application_token]': 'f'.repeat(32) });
    const response = await postEvent(rig, form);
    expect(response.status).toBe(401);
    const unknownPortal = await postEvent(
      rig,
      await clickEventBody(rig, { 'auth[member_id]': 'someone-else' }),
    );
    expect(unknownPortal.status).toBe(401);
    await sleep(200);
    expect(agent.commands).toEqual([]);
    // The CALL_ID was not remembered either: the genuine event still goes through afterwards.
    form.set('auth[application_token]', (await rig.stores.portals.list())[0]?.applicationToken ?? '');
    expect((await postEvent(rig, form)).status).toBe(200);
    await agent.waitForCommand('click-to-call');
  });

  it('refuses malformed and oversized event bodies', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const malformed = await fetch(`${rig.relayUrl}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'event=ONEXTERNALCALLSTART&data[CALL_ID]]=x&auth[__proto__][x]=1',
    });
    expect(malformed.status).toBe(400);
    const missing = await postEvent(rig, await clickEventBody(rig, { 'data[USER_ID]': 'not-a-number' }));
    expect(missing.status).toBe(400);
    const json = await fetch(`${rig.relayUrl}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'ONEXTERNALCALLSTART' }),
    });
    expect(json.status).toBe(415);
    const huge = await fetch(`${rig.relayUrl}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `event=ONEXTERNALCALLSTART&data[TEXT]=${'x'.repeat(rig.config.limits.bodyBytes + 1)}`,
    });
    expect(huge.status).toBe(413);
  });
});
