import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { callLines, dial, expectAudio, inCallView, packetsReceived } from './support/phone-ui';

/**
 * A three-way conference mixed in the agent's app: a customer (sipp, speaking) and a colleague
 * (a sip.js peer on 102) on two calls, merged. The agent hears both (audio arrives on both calls);
 * with the agent's microphone muted, the colleague still hears sound - which can only be the
 * customer's voice, mixed in by the app (muted on a plain call, the colleague hears silence).
 */

test('three-way conference: audio from both parties, and each hears the other through the mix', async ({
  rig,
  startAgent,
  openPeer,
}) => {
  const colleague = await openPeer('102', { autoAnswer: true });
  const { page } = await startAgent('101');
  const customer = await placeCall({ rig, to: '101', from: '+74951234567', talkMs: 40_000 });
  await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const call = inCallView(page);
  await expectAudio(page);

  // Add the colleague: the customer goes on hold meanwhile.
  await call.getByRole('button', { name: 'Add call' }).click();
  await dial(page, '102', 'Call another number');
  await expect(call.getByLabel('Caller number')).toHaveText('102');
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await expect(callLines(page).getByRole('listitem').filter({ hasText: '+74951234567' })).toContainText(
    'On hold',
  );

  // Muted on a plain call, the agent sends silence: the colleague's sound energy stays flat.
  await call.getByRole('button', { name: 'Mute' }).click();
  await page.waitForTimeout(500);
  const silentFrom = (await colleague.inboundAudio()).totalAudioEnergy;
  await page.waitForTimeout(1_500);
  expect((await colleague.inboundAudio()).totalAudioEnergy - silentFrom).toBeLessThan(0.001);

  await call.getByRole('button', { name: 'Conference' }).click();
  const lines = callLines(page);
  await expect(lines.getByRole('listitem').filter({ hasText: '+74951234567' })).toContainText('Conference');
  await expect(lines.getByRole('listitem').filter({ hasText: '102' })).toContainText('Conference');

  // The agent hears both: audio arrives on each call.
  for (const party of ['+74951234567', '102']) {
    await lines.getByRole('button', { name: new RegExp(`^${party.replace('+', '\\+')}`) }).click();
    await expect(call.getByLabel('Caller number')).toHaveText(party);
    const before = await packetsReceived(page);
    await expect.poll(() => packetsReceived(page)).toBeGreaterThan(before);
    await expectAudio(page);
  }

  // The agent's microphone off: what the colleague still hears is the customer, through the mix.
  await call.getByRole('button', { name: 'Mute' }).click();
  await expect(call.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await page.waitForTimeout(500);
  const energyBefore = (await colleague.inboundAudio()).totalAudioEnergy;
  await expect
    .poll(async () => (await colleague.inboundAudio()).totalAudioEnergy, { timeout: 10_000 })
    .toBeGreaterThan(energyBefore + 0.01);

  // Split: both calls stay, the one on screen stays active and the other goes on hold.
  await call.getByRole('button', { name: 'Split conference' }).click();
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await expect(lines.getByRole('listitem').filter({ hasText: '+74951234567' })).toContainText('On hold');

  await call.getByRole('button', { name: 'Hang up' }).click();
  await call.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  await customer.stop();
});
