import { placeCall, type SippRig } from '../../sandbox/pbx/sipp';
import type { Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import { incomingView } from './support/phone-ui';
import { agentSignedInThrough } from './support/relay';

/**
 * The recording's upload leg as a real portal may answer it, on the rig, for an agent signed in
 * through the relay (which refreshes its Bitrix24 token): the access token runs out between the two
 * legs (the uploadUrl carries the old one), and the upload is answered with something other than
 * the REST answer the emulator gives by default (Bitrix24's documentation only says "data about
 * the uploaded file"). The first is refreshed and retried without the agent; the second is a clear
 * refusal in the agent's history, and their Retry attaches the recording.
 */

const customer = '+74957654321';

test('an upload token that ran out is refreshed; an answer that is no REST answer is shown, and the agent’s retry attaches the recording', async ({
  rig,
  portal,
  startRelay,
  startAgent,
}) => {
  // Every recording goes through the uploadUrl (the app sends those up to 1 MiB inline).
  const hostArgs = ['--tuning', JSON.stringify({ recordingInlineLimitBytes: 0 })];
  const agent = await agentSignedInThrough(
    await startRelay(),
    (extension) => startAgent(extension, { hostArgs }),
    '101',
  );
  const { page } = agent;
  const recordsOf = async (callId: string) =>
    (await portal.callsWithExternalId(callId))[0]?.records.length ?? 0;
  const uploads = async (callId: string) =>
    (await portal.callsWithExternalId(callId))[0]?.attachRecordRequests.filter(
      (request) => request.params['step'] === 'upload',
    ).length ?? 0;
  const syncOfLastCall = page
    .getByRole('listitem', { name: `Call with ${customer}` })
    .first()
    .getByRole('status', { name: 'Bitrix24 sync' });

  // The hour runs out between the two legs of the first call's upload.
  await portal.injectFaults({ expireTokens: { count: 1, methods: ['upload'] } });
  const first = await answeredCall(rig, agent);
  await expect.poll(() => recordsOf(first), { timeout: 20_000 }).toBe(1);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(syncOfLastCall).toHaveText('In Bitrix24');
  await expect(page.getByText('Sign in to Bitrix24 again')).toHaveCount(0);

  // The second call's upload is answered with the bare file description, not {"result": ...}.
  await portal.configure({ ambiguities: { uploadAnswer: 'bare' } });
  try {
    await page.getByRole('button', { name: 'Phone' }).click();
    const second = await answeredCall(rig, agent);
    await page.getByRole('button', { name: 'History' }).click();
    await expect(syncOfLastCall).toHaveText(/^Bitrix24 refused the recording: .*FILE_ID/, {
      timeout: 20_000,
    });
    // The portal kept the file; the app cannot know that from such an answer, and says so.
    expect(await uploads(second)).toBe(1);

    await portal.configure({ ambiguities: { uploadAnswer: 'rest' } });
    await page
      .getByRole('listitem', { name: `Call with ${customer}` })
      .first()
      .getByRole('button', { name: 'Retry' })
      .click();
    await expect(syncOfLastCall).toHaveText('In Bitrix24');
    // Uploaded again once: one recording for the call (the retry's replaced the first).
    expect(await uploads(second)).toBe(2);
    expect(await recordsOf(second)).toBe(1);
  } finally {
    await portal.configure({ ambiguities: { uploadAnswer: 'rest' } });
  }
});

/** The customer calls the agent, who answers; the customer hangs up 1.5 s later. Its SIP Call-ID. */
async function answeredCall(rig: SippRig, agent: Agent): Promise<string> {
  const call = await placeCall({ rig, to: '101', from: customer, talkMs: 1_500 });
  await incomingView(agent.page).getByRole('button', { name: 'Answer' }).click();
  expect((await call.done).exitCode).toBe(0);
  return call.callId;
}
