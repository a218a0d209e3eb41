import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, listen } from './server';

/**
 * `npx tsx sandbox/portal/screenshots.ts [outDir]`: plays a small scene against a fresh emulator
 * (a click-to-call, an incoming call shown to two agents, a finished call with its recording, a
 * callback lead) and photographs the UI for docs/sandbox-portal.md with Debian's headless Chromium.
 */
const outDir = process.argv[2] ?? 'docs/screenshots';
mkdirSync(outDir, { recursive: true });

const app = build();
const origin = await listen(app, 0);

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

function wav(seconds: number): Buffer {
  const rate = 8000;
  const samples = Buffer.alloc(seconds * rate * 2);
  for (let index = 0; index < seconds * rate; index += 1)
    samples.writeInt16LE(Math.round(6000 * Math.sin(index / 3)), index * 2);
  const header = Buffer.alloc(44);
  header.write('RIFFWAVEfmt ', 0, 'latin1');
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

const admin = await post('/_sandbox/tokens', { user_id: 1 });
const auth = String(admin.access_token);
await post('/rest/telephony.externalLine.add', { auth, NUMBER: '74957800000', NAME: 'Moscow office' });
const done = await post('/rest/telephony.externalCall.register', {
  auth,
  USER_ID: 4,
  PHONE_NUMBER: '+1 906 219 5047',
  TYPE: 2,
  LINE_NUMBER: '74957800000',
  EXTERNAL_CALL_ID: 'pbx-1001',
});
const doneId = (done.result as { CALL_ID: string }).CALL_ID;
await post('/rest/telephony.externalCall.finish', { auth, CALL_ID: doneId, USER_ID: 4, DURATION: 3 });
await post('/rest/telephony.externalCall.attachRecord', {
  auth,
  CALL_ID: doneId,
  FILENAME: 'pbx-1001.wav',
  FILE_CONTENT: wav(3).toString('base64'),
});
await post('/_sandbox/click-to-call', { user_id: 2, entity: { type: 'CONTACT', id: 2 } });
const incoming = await post('/rest/telephony.externalCall.register', {
  auth,
  USER_ID: 3,
  PHONE_NUMBER: '8 916 123-45-67',
  TYPE: 2,
  LINE_NUMBER: '74957800000',
  EXTERNAL_CALL_ID: 'pbx-1002',
});
await post('/rest/telephony.externalCall.show', {
  auth,
  CALL_ID: (incoming.result as { CALL_ID: string }).CALL_ID,
  USER_ID: [4],
});
await post('/_sandbox/callback-form', { phone: '+7 926 000-12-34', name: 'Website visitor' });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  for (const [path, name] of [
    ['/ui/cards', 'portal-call-cards.png'],
    ['/', 'portal-crm.png'],
    ['/ui/statistics', 'portal-statistics.png'],
  ] as const) {
    await page.goto(`${origin}${path}`);
    await page.screenshot({ path: join(outDir, name), fullPage: path !== '/' });
    console.log(`wrote ${join(outDir, name)}`);
  }
} finally {
  await browser.close();
  await app.close();
}
