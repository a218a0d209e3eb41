import { placeCall } from '../../sandbox/pbx/sipp';
import { steadyToneShare, type StereoPcm } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { callLines, inCallView } from './support/phone-ui';
import { attachedRecording } from './support/recorded-call';
import { toneAlaw, toneWav } from '../support/tones';

/**
 * A recorded three-way conference: two customers (sipp, each playing its own tone) on two calls,
 * merged by the agent. Each leg keeps its own recording and CALL_ID; during the conference each
 * recording's right channel carries both customers (what the agent hears), the left the agent.
 */

const agentHz = 660;
const first = { number: '+74951111111', hz: 1_400 };
const second = { number: '+74952222222', hz: 900 };

/** The last three seconds of a leg's recording (the conference): each tone's share per channel. */
function conferenceShares(pcm: StereoPcm) {
  const tail = (samples: Float32Array) =>
    samples.subarray(samples.length - pcm.sampleRate * 3.3, samples.length - pcm.sampleRate * 0.3);
  const share = (samples: Float32Array, hz: number) => steadyToneShare(tail(samples), pcm.sampleRate, hz);
  return {
    leftAgent: share(pcm.left, agentHz),
    rightFirst: share(pcm.right, first.hz),
    rightSecond: share(pcm.right, second.hz),
    leftCustomers: share(pcm.left, first.hz) + share(pcm.left, second.hz),
    rightAgent: share(pcm.right, agentHz),
  };
}

test('conference: each leg its own recording, both remote parties on the right channel, the agent on the left', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const { page } = await startAgent('101', {
    fakeAudioWav: toneWav(testInfo.outputPath('agent.wav'), agentHz),
  });
  const callA = await placeCall({
    rig,
    to: '101',
    from: first.number,
    talkMs: 30_000,
    audio: toneAlaw(testInfo.outputPath('first.alaw'), first.hz),
  });
  await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const view = inCallView(page);
  await expect(view.getByLabel('Caller number')).toHaveText(first.number);
  const callB = await placeCall({
    rig,
    to: '101',
    from: second.number,
    talkMs: 30_000,
    audio: toneAlaw(testInfo.outputPath('second.alaw'), second.hz),
  });
  const lines = callLines(page);
  await lines.getByRole('button', { name: `Answer ${second.number}` }).click();
  await expect(lines.getByRole('listitem').filter({ hasText: first.number })).toContainText('On hold');

  await view.getByRole('button', { name: 'Conference' }).click();
  await expect(lines.getByRole('listitem').filter({ hasText: first.number })).toContainText('Conference');
  await expect(lines.getByRole('listitem').filter({ hasText: second.number })).toContainText('Conference');
  await page.waitForTimeout(4_000);
  await view.getByRole('button', { name: 'Hang up' }).click();
  await view.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  await Promise.all([callA.done, callB.done]);

  const shares: Record<string, ReturnType<typeof conferenceShares>> = {};
  const callIds = new Set<string>();
  for (const [name, call] of [
    ['first', callA],
    ['second', callB],
  ] as const) {
    const { call: held, pcm } = await attachedRecording(
      portal,
      call.callId,
      testInfo.outputPath(`${name}.mp3`),
    );
    callIds.add(held.CALL_ID);
    shares[name] = conferenceShares(pcm);
  }
  testInfo.annotations.push({ type: 'conference', description: JSON.stringify(shares) });
  expect(callIds.size).toBe(2);
  for (const leg of Object.values(shares)) {
    expect(leg.leftAgent).toBeGreaterThan(0.5);
    expect(leg.rightFirst).toBeGreaterThan(0.2);
    expect(leg.rightSecond).toBeGreaterThan(0.2);
    expect(leg.rightFirst + leg.rightSecond).toBeGreaterThan(0.7);
    expect(leg.leftCustomers).toBeLessThan(0.05);
    expect(leg.rightAgent).toBeLessThan(0.05);
  }
});
