import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectAudio, inCallView, onlyCallFinishedOnce } from './support/phone-ui';
import { agentSignedInThrough, signInThroughRelay } from './support/relay';

/**
 * A CRM callback request on the real stack: a visitor submits the emulator's website form
 * (ONEXTERNALCALLBACKSTART), the relay offers it to the only free agent (101), who declines; it
 * waits in the relay's queue - visible to the agents, and still there after the relay restarts -
 * until 102 signs in and accepts. 102's app shows and reads the visitor's text aloud, registers
 * the call as TYPE 4 with the CRM entity, dials sipp's UAS and finishes; the queue empties.
 */

/**
 * Keeps what the app hands to the browser's speech synthesis (a headless browser has no voice to
 * hear): `lang|text` per utterance, read back with `spoken()`.
 */
async function listenToSpeech(page: Page): Promise<() => Promise<string[]>> {
  interface Utterance {
    lang: string;
    text: string;
  }
  interface SpeakingPage {
    speechSynthesis: { speak(utterance: Utterance): void };
    spokenForTest?: string[];
  }
  await page.evaluate(() => {
    const window = globalThis as unknown as SpeakingPage;
    const spoken: string[] = [];
    window.spokenForTest = spoken;
    const synthesis = window.speechSynthesis;
    const speak = synthesis.speak.bind(synthesis);
    synthesis.speak = (utterance) => {
      spoken.push(`${utterance.lang}|${utterance.text}`);
      speak(utterance);
    };
  });
  return () => page.evaluate(() => (globalThis as unknown as SpeakingPage).spokenForTest ?? []);
}

const visitorText = 'Please call me about the delivery of order 42';

test('a callback is declined by one agent, waits through a relay restart, and is called back by another', async ({
  portal,
  startRelay,
  startUas,
  startAgent,
  browser,
}, testInfo) => {
  const relay = await startRelay({ callbacks: { offerTimeoutMs: 60_000, reofferAfterMs: 600_000 } });
  await startUas({ behaviour: 'answer', ringMs: 200, echoRtp: true });
  const boris = await agentSignedInThrough(relay, startAgent, '101');
  const carla = await startAgent('102');
  const borisSpoke = await listenToSpeech(boris.page);
  const carlaSpoke = await listenToSpeech(carla.page);

  // A visitor of the website asks to be called back.
  const website = await browser.newPage();
  await website.goto(`${portal.origin}/ui/callback`);
  await website.locator('textarea[name="text"]').fill(visitorText);
  await website.getByRole('button', { name: 'Call me back' }).click();
  await expect(website.locator('#result')).toContainText('-> 200');
  await website.close();

  // Offered to Boris, the only free agent: he reads it and declines.
  // The offer opens the Callbacks section by itself: Boris was looking at the phone.
  const borisOffer = boris.page.getByRole('article', { name: 'Callback offered to you' });
  await expect(borisOffer).toContainText('+7 926 555-00-11');
  await expect(borisOffer).toContainText('CRM: Lead #1');
  await expect(borisOffer).toContainText(visitorText);
  await boris.page.screenshot({ path: testInfo.outputPath('offer-at-101.png') });
  await borisOffer.getByRole('button', { name: 'Pass' }).click();
  await expect(borisOffer).toBeHidden();

  // Nobody else is free: it waits in the queue, which the agents see, also after a relay restart.
  await boris.page.getByRole('button', { name: 'Callbacks' }).click();
  const queueAt101 = boris.page
    .getByRole('region', { name: 'Callback queue' })
    .getByRole('listitem', { name: 'Callback to +7 926 555-00-11' });
  await expect(queueAt101).toContainText('Waiting');
  await relay.restart();
  await expect(boris.page.getByRole('status', { name: 'Relay status' })).toContainText('connected', {
    timeout: 20_000,
  });
  await expect(queueAt101).toContainText('Waiting');

  // Carla signs in: the callback is offered to her, she takes it.
  await signInThroughRelay(carla.page, relay.url, carla.userId);
  const carlaOffer = carla.page.getByRole('article', { name: 'Callback offered to you' });
  await expect(carlaOffer).toContainText(visitorText);
  await expect(queueAt101).toContainText('Offered to an agent');
  await carlaOffer.getByRole('button', { name: 'Call back now' }).click();

  const call = inCallView(carla.page);
  await expect(call.getByLabel('Caller number')).toHaveText('+79265550011');
  await expect(call.getByRole('note', { name: 'Callback request' })).toContainText(visitorText);
  await expect.poll(carlaSpoke).toEqual([`ru-RU|${visitorText}`]);
  expect(await borisSpoke()).toEqual([]);
  await expect(queueAt101).toContainText('Being called back');
  await expectAudio(carla.page);
  await carla.page.screenshot({ path: testInfo.outputPath('callback-in-call-at-102.png') });
  await call.getByRole('button', { name: 'Hang up' }).click();

  // Bitrix24: one call, registered by Carla as a callback (TYPE 4) on the lead, finished by her.
  const registered = await onlyCallFinishedOnce(portal);
  expect(registered.register).toMatchObject({
    TYPE: '4',
    USER_ID: String(carla.userId),
    PHONE_NUMBER: '+79265550011',
    CRM_ENTITY_TYPE: 'LEAD',
    CRM_ENTITY_ID: '1',
  });
  expect(registered.finish).toMatchObject({ USER_ID: String(carla.userId), STATUS_CODE: '200' });
  // Called back: it leaves the queue for everyone.
  await expect(queueAt101).toBeHidden();
});
