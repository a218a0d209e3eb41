import { probeDuration, steadyToneShare } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { expectAudio, inCallView } from './support/phone-ui';
import { attachedRecording } from './support/recorded-call';
import { toneWav } from '../support/tones';

/**
 * A transferred call keeps every leg's recording: the customer (a bare sip.js peer on 103, calling from an outside number) calls
 * agent 101, who hands the call to agent 102 (blind transfer). Each agent's app records its own
 * leg, and Bitrix24 gets each leg as its own call with its own recording - 102's leg does not
 * replace 101's (one recording per CALL_ID). Each agent's microphone plays its own tone, so each
 * file shows whose leg it is.
 */

const tones = { '101': 660, '102': 880 } as const;
const customerNumber = '+74951234567';

test('blind transfer: each leg its own CALL_ID and its own recording, neither replaced', async ({
  portal,
  startAgent,
  openPeer,
}, testInfo) => {
  const customer = await openPeer('103', { from: customerNumber });
  const first = await startAgent('101', {
    fakeAudioWav: toneWav(testInfo.outputPath('101.wav'), tones['101']),
  });
  const second = await startAgent('102', {
    fakeAudioWav: toneWav(testInfo.outputPath('102.wav'), tones['102']),
  });

  await customer.startCall('101');
  await first.page
    .getByRole('region', { name: 'Incoming call' })
    .getByRole('button', { name: 'Answer' })
    .click();
  await expectAudio(first.page);
  await first.page.waitForTimeout(3_000);
  const call = inCallView(first.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  const panel = call.getByRole('form', { name: 'Transfer the call' });
  await panel.getByLabel('Transfer to number').fill('102');
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  await expect(first.page.getByText(`Last call: ${customerNumber} — Transferred to 102`)).toBeVisible();

  await second.page
    .getByRole('region', { name: 'Incoming call' })
    .getByRole('button', { name: 'Answer' })
    .click();
  await expectAudio(second.page);
  await second.page.waitForTimeout(4_000);
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');

  const legOf = (agent: typeof first) => (held: { register: Record<string, unknown> }) =>
    held.register['USER_ID'] === String(agent.userId) && held.register['PHONE_NUMBER'] === customerNumber;
  const legs = [];
  for (const [agent, extension] of [
    [first, '101'],
    [second, '102'],
  ] as const) {
    const {
      call: held,
      file,
      pcm,
    } = await attachedRecording(portal, legOf(agent), testInfo.outputPath(`${extension}.mp3`));
    const other = extension === '101' ? tones['102'] : tones['101'];
    legs.push({
      extension,
      callId: held.CALL_ID,
      duration: probeDuration(file),
      own: steadyToneShare(pcm.left.subarray(pcm.sampleRate), pcm.sampleRate, tones[extension]),
      other: steadyToneShare(pcm.left.subarray(pcm.sampleRate), pcm.sampleRate, other),
    });
  }
  testInfo.annotations.push({ type: 'legs', description: JSON.stringify(legs) });
  expect(legs[0]!.callId).not.toBe(legs[1]!.callId);
  for (const leg of legs) {
    expect(leg.duration).toBeGreaterThan(2.5);
    expect(leg.own).toBeGreaterThan(0.5);
    expect(leg.other).toBeLessThan(0.05);
  }
});
