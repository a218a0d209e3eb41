import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { dial, finishedCall, finishedCallTo, inCallView, incomingView } from './support/phone-ui';
import { agentSignedInThrough } from './support/relay';

/**
 * The line a call is registered on when the PBX names none and the agent typed none in the app's
 * settings: the relay's default line for that agent (`lines[].users`, relay/config/default-line.ts),
 * which the app takes from the hub's welcome. The PBX's line header, when there is one, wins. The
 * portal's registrations are the evidence, on a Russian and a German portal.
 */

/** The company's line for everyone: the relay names it in no line's `users`. */
const companyLine = { number: '74950001122', name: 'Main line' };

const countries = [
  { code: 'RU', caller: '+74951234567', dialled: '8 916 123-45-67', called: '+79161234567' },
  { code: 'DE', caller: '03012345678', dialled: '089 1234567', called: '+49891234567' },
];

for (const country of countries) {
  test(`an agent with no line of their own registers the relay's line for them, the PBX's header wins (${country.code} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startRelay,
    startAgent,
    startUas,
  }) => {
    await portalCountry(country.code);
    const agentLine = {
      number: '74950003344',
      name: 'Sales',
      users: [await portal.userIdForExtension('101')],
    };
    const relay = await startRelay({ lines: [companyLine, agentLine] });
    await startUas({ behaviour: 'answer', ringMs: 200, echoRtp: true });
    const agent = await agentSignedInThrough(relay, startAgent, '101');

    // An incoming call without X-Line: the relay's line for 101, not the company's.
    const bare = await placeCall({ rig, to: '101', from: country.caller, talkMs: 1_000 });
    await incomingView(agent.page).getByRole('button', { name: 'Answer' }).click();
    expect((await bare.done).exitCode).toBe(0);
    expect((await finishedCall(portal, bare.callId)).register).toMatchObject({
      USER_ID: String(agent.userId),
      TYPE: '2',
      LINE_NUMBER: agentLine.number,
    });

    // Control: the PBX's line header names the line.
    const headed = await placeCall({
      rig,
      to: '101',
      from: country.caller,
      talkMs: 1_000,
      headers: { 'X-Line': '74950000000' },
    });
    await incomingView(agent.page).getByRole('button', { name: 'Answer' }).click();
    expect((await headed.done).exitCode).toBe(0);
    expect((await finishedCall(portal, headed.callId)).register).toMatchObject({
      TYPE: '2',
      LINE_NUMBER: '74950000000',
    });

    // An outgoing call from the dialpad: the relay's line for 101 as well.
    await dial(agent.page, country.dialled);
    await expect(inCallView(agent.page).getByLabel('Caller number')).toHaveText(country.called);
    await inCallView(agent.page).getByRole('button', { name: 'Hang up' }).click();
    expect((await finishedCallTo(portal, country.called)).register).toMatchObject({
      USER_ID: String(agent.userId),
      TYPE: '1',
      LINE_NUMBER: agentLine.number,
    });
  });
}
