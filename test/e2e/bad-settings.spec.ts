import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';

/**
 * Bad input never crashes the app: invalid settings and a failing portal each show a clear status,
 * and the phone keeps working where it can.
 */

test('an unreachable PBX address is reported as such', async ({ rig, startAgent }) => {
  const { page } = await startAgent('101', {
    expectRegistered: false,
    settings: {
      sip: {
        wsUrl: 'ws://127.0.0.1:9',
        domain: rig.sipDomain,
        extension: '101',
        password: 'secret',
        displayName: '',
        callIdHeader: '',
        lineHeader: '',
      },
    },
  });
  await expect(page.getByRole('status', { name: 'SIP status' })).toContainText(
    'Cannot reach the PBX at ws://127.0.0.1:9',
  );
});

test('a wrong SIP password is reported as such', async ({ rig, startAgent }) => {
  const { page } = await startAgent('102', {
    expectRegistered: false,
    settings: {
      sip: {
        wsUrl: rig.wsUrl,
        domain: rig.sipDomain,
        extension: '102',
        password: 'wrong',
        displayName: '',
        callIdHeader: '',
        lineHeader: '',
      },
    },
  });
  await expect(page.getByRole('status', { name: 'SIP status' })).toContainText(
    'Wrong extension or SIP password',
  );
});

test('malformed settings are refused with a message and nothing is saved', async ({ startAgent }) => {
  const { page } = await startAgent('101');
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Portal URL').fill('company.bitrix24 dot com');
  await form.getByLabel('PBX WebSocket URL').fill('https://pbx.example.com');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('The portal address must be an http(s):// URL')).toBeVisible();
  await expect(form.getByText('The PBX address must be a ws:// or wss:// URL')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  // Still registered with the stored account, and the stored settings are unchanged.
  await expect(page.getByRole('status', { name: 'SIP status' })).toContainText('registered');
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(form.getByLabel('PBX WebSocket URL')).toHaveValue(/^ws:\/\//);
});

test('a portal error is visible and the call itself goes on', async ({ rig, portal, startAgent }) => {
  const { page } = await startAgent('101');
  await portal.injectFaults({ status500: { count: 1000 } });
  const call = await placeCall({ rig, to: '101', talkMs: 2_000 });
  const incoming = page.getByRole('region', { name: 'Incoming call' });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(page.getByRole('status', { name: 'Bitrix24 status' })).toContainText('INTERNAL_SERVER_ERROR');
  await expect
    .poll(async () => Number(await page.getByLabel('Packets received').textContent()))
    .toBeGreaterThan(0);
  expect((await call.done).exitCode).toBe(0);
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  await portal.clearFaults();
});
