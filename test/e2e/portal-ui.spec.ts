import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { parsePhpQuery } from '../../sandbox/portal/transport/php-params';
import { wavFile } from '../sandbox/portal/support/audio';
import { portalUrl } from './support/portal';

/**
 * The emulator's UI as a person uses it while the demo runs, in Chromium against the running
 * `npm run portal` process: click a contact's number as an agent, watch that agent's call card,
 * play the recording in the statistics, fill in the website callback form. What the integration
 * would receive is caught by a real HTTP handler bound with event.bind.
 */
interface Delivery {
  event: string;
  data: Record<string, string>;
}

/** What the test needs of the page's <audio> element (the Node tsconfig has no DOM types). */
interface MediaPlayer {
  duration: number;
  load(): void;
  addEventListener(type: 'loadedmetadata' | 'error', listener: () => void): void;
}

let handler: Server;
let handlerUrl: string;
const deliveries: Delivery[] = [];
let adminToken: string;

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${portalUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

test.beforeAll(async () => {
  handler = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const fields = parsePhpQuery(body) as { event: string; data: Record<string, string> };
      deliveries.push({ event: fields.event, data: fields.data });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => handler.listen(0, '127.0.0.1', resolve));
  handlerUrl = `http://127.0.0.1:${(handler.address() as AddressInfo).port}/b24-events`;
  adminToken = (await post<{ access_token: string }>('/_sandbox/tokens', { user_id: 1 })).access_token;
  for (const event of ['ONEXTERNALCALLSTART', 'ONEXTERNALCALLBACKSTART'])
    await post('/rest/event.bind', { auth: adminToken, event, handler: handlerUrl });
});

test.afterAll(async () => {
  await post('/rest/event.unbind', { auth: adminToken, handler: handlerUrl });
  await new Promise((resolve) => handler.close(resolve));
});

test('a person clicks a number as an agent, sees the card, plays the recording and fills the callback form', async ({
  page,
}) => {
  const portal = portalUrl();
  await page.goto(`${portal}/`);
  // Maria Volkova's second number, clicked as Dmitry (user 4, extension 103).
  await page.locator('button.call[data-user="4"][data-phone="84950001123"]').click();
  const result = page.locator('#result');
  await expect(result).toContainText(/Registered externalCall\.[0-9a-f]+\.\d+/);
  await expect(result).toContainText(`${handlerUrl} -> 200`);
  const clicked = deliveries.find((delivery) => delivery.event === 'ONEXTERNALCALLSTART');
  expect(clicked?.data).toMatchObject({
    USER_ID: '4',
    PHONE_NUMBER: '84950001123',
    CRM_ENTITY_TYPE: 'CONTACT',
  });
  const callId = clicked?.data.CALL_ID ?? '';
  await expect(result).toContainText(callId);

  await page.goto(`${portal}/ui/cards/4`);
  const card = page.locator('.card', { hasText: callId });
  await expect(card).toContainText('Outgoing call');
  await expect(card).toContainText('Maria Volkova');

  await post('/rest/telephony.externalCall.finish', {
    auth: adminToken,
    CALL_ID: callId,
    USER_ID: 4,
    DURATION: 2,
  });
  const attached = await post<{ result?: { FILE_ID: number } }>('/rest/telephony.externalCall.attachRecord', {
    auth: adminToken,
    CALL_ID: callId,
    FILENAME: 'ui-test.wav',
    FILE_CONTENT: wavFile(2).toString('base64'),
  });
  expect(attached.result?.FILE_ID).toEqual(expect.any(Number));
  await expect(page.locator('.card', { hasText: callId })).toHaveCount(0);

  await page.goto(`${portal}/ui/statistics`);
  const row = page.locator('tr', { hasText: 'ui-test.wav' });
  await expect(row).toContainText('Maria Volkova');
  const duration = await row.locator('audio').evaluate(
    (element: unknown) =>
      new Promise<number>((resolve, reject) => {
        const audio = element as MediaPlayer;
        audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
        audio.addEventListener('error', () => reject(new Error('the player could not load the recording')));
        audio.load();
      }),
  );
  expect(duration).toBeCloseTo(2, 1);

  await page.goto(`${portal}/ui/callback`);
  await page.locator('input[name="phone"]').fill('+7 926 111-22-33');
  await page.locator('textarea[name="text"]').fill('Please call about my order');
  await page.getByRole('button', { name: 'Call me back' }).click();
  await expect(page.locator('#result')).toContainText('ONEXTERNALCALLBACKSTART for LEAD');
  await expect(page.locator('#result')).toContainText(`${handlerUrl} -> 200`);
  expect(deliveries.find((delivery) => delivery.event === 'ONEXTERNALCALLBACKSTART')?.data).toMatchObject({
    PHONE_NUMBER: '+7 926 111-22-33',
    TEXT: 'Please call about my order',
  });
});
