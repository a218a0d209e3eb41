import type { PortalClient } from '../../sandbox/portal/sandbox-client';
import { expect, test } from './support/fixtures';
import { expectAudio, inCallView, portalRequests } from './support/phone-ui';

/**
 * "Transfer to the responsible manager" during a call: the customer (a sip.js peer on 103) is a
 * CRM lead whose responsible user is Carla (102); agent 101 answers and presses the button; the app
 * asks Bitrix24 (searchCrmEntities) who is responsible and hands the call to 102's extension. A
 * caller Bitrix24 knows nothing about stays with the agent (102 then), who is told why.
 */

/** A lead with this phone number, responsible user `assignedTo`, created as the CRM's administrator. */
async function addLead(portal: PortalClient, phone: string, assignedTo: number): Promise<void> {
  const admin = await portal.tokensFor(1);
  const response = await fetch(`${portal.origin}/rest/crm.lead.add.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: admin.access_token,
      fields: { TITLE: 'Customer on the phone', PHONE: [{ VALUE: phone }], ASSIGNED_BY_ID: assignedTo },
    }),
  });
  if (!response.ok) throw new Error(`crm.lead.add: ${response.status} ${await response.text()}`);
}

test('the call goes to the extension of the caller’s responsible manager', async ({
  portal,
  startAgent,
  openPeer,
}) => {
  const customer = await openPeer('103');
  const first = await startAgent('101');
  const second = await startAgent('102');

  // The customer's number is a lead of Carla's (102): 101 hands the call to her.
  await addLead(portal, '103', second.userId);
  await customer.startCall('101');
  const incoming = first.page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText('103');
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expectAudio(first.page);
  const call = inCallView(first.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  await call
    .getByRole('form', { name: 'Transfer the call' })
    .getByRole('button', { name: 'Transfer to the responsible manager' })
    .click();
  await expect(first.page.getByText('Last call: 103 — Transferred to 102')).toBeVisible();

  const ringing = second.page.getByRole('region', { name: 'Incoming call' });
  await expect(ringing.getByLabel('Caller number')).toHaveText('103');
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expectAudio(second.page);
  const taken = inCallView(second.page);
  await taken.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');
  // The app looked the caller up with the agent's own token, as Bitrix24's log shows.
  const lookups = await portalRequests(portal, 'telephony.externalCall.searchCrmEntities');
  expect(
    lookups.some((lookup) => lookup.userId === first.userId && lookup.params['PHONE_NUMBER'] === '103'),
  ).toBe(true);

  // The CRM forgets the lead: Carla's transfer to the responsible finds nobody, the call stays.
  await portal.reset();
  await customer.startCall('102');
  await expect(ringing.getByLabel('Caller number')).toHaveText('103');
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expectAudio(second.page);
  await taken.getByRole('button', { name: 'Transfer' }).click();
  const panel = taken.getByRole('form', { name: 'Transfer the call' });
  await panel.getByRole('button', { name: 'Transfer to the responsible manager' }).click();
  await expect(panel.getByRole('alert')).toHaveText(
    'Bitrix24 knows no responsible manager with an extension for this number',
  );
  await expect(taken.getByLabel('Caller number')).toHaveText('103');
  await taken.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');
});

test('a responsible manager on a break gets no transfer: the agent is told why and keeps the call', async ({
  portal,
  startAgent,
  openPeer,
}) => {
  const customer = await openPeer('102');
  const agent = await startAgent('101');
  // The customer is a lead of Dmitry's (extension 103), who is on a break by the portal's time tracking.
  await addLead(portal, '102', await portal.userIdForExtension('103'));
  await customer.startCall('101');
  const incoming = agent.page.getByRole('region', { name: 'Incoming call' });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expectAudio(agent.page);
  const call = inCallView(agent.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  const panel = call.getByRole('form', { name: 'Transfer the call' });
  await panel.getByRole('button', { name: 'Transfer to the responsible manager' }).click();
  await expect(panel.getByRole('alert')).toHaveText(
    'The responsible manager (extension 103) is on a break now: the call stays with you',
  );
  await expect(call.getByLabel('Caller number')).toHaveText('102');
  await expectAudio(agent.page);
  await call.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');
  await expect(agent.page.getByText('Last call: 102 — You hung up')).toBeVisible();
});
