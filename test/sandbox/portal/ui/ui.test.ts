import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { finishCall, registerCall, testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

async function page(path: string): Promise<string> {
  const reply = await portal.app.inject({ method: 'GET', url: path });
  expect(reply.statusCode, path).toBe(200);
  expect(reply.headers['content-type']).toContain('text/html');
  // Prettier lays the templates out as HTML: compare with whitespace collapsed.
  return reply.body.replace(/\s+/g, ' ');
}

describe('web UI', () => {
  it('lists the CRM with a call button per agent next to every number', async () => {
    portal = testPortal();
    const html = await page('/');
    expect(html).toContain('Ivan Sidorov');
    expect(html).toContain('Romashka LLC');
    expect(html).toContain('data-user="2" data-phone="+7 (916) 123-45-67" data-type="CONTACT"');
    expect(html).toContain('☎ as Carla (102)');
  });

  it('shows the activities of a CRM record: the open call back crm.activity.add made', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const lead = (await portal.call('crm.lead.add', { fields: { TITLE: 'Missed call' } }, token)).body
      .result as number;
    const added = await portal.call(
      'crm.activity.add',
      {
        fields: {
          OWNER_TYPE_ID: 1,
          OWNER_ID: lead,
          TYPE_ID: 2,
          COMMUNICATIONS: [{ VALUE: '+74950009999' }],
          SUBJECT: 'Call back: missed call from +74950009999',
          RESPONSIBLE_ID: 2,
          COMPLETED: 'N',
        },
      },
      token,
    );
    expect(added.status).toBe(200);
    expect(await page('/')).toContain('to do: Call back: missed call from +74950009999 (user 2)');
  });

  it("shows each user's call card with caller, CRM entity and state, and closes it on finish", async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(3);
    const callId = await registerCall(portal, token, {
      USER_ID: 3,
      PHONE_NUMBER: '+79161234567',
      LINE_NUMBER: '74950000000',
    });
    const open = await page('/ui/cards/fragment?user=3');
    expect(open).toContain('Incoming call · line 74950000000');
    expect(open).toContain('+79161234567');
    expect(open).toContain('Ivan Sidorov');
    expect(open).toContain('Responsible: Boris Petrov');
    expect(await page('/ui/cards')).toContain(callId);
    await finishCall(portal, token, callId, { USER_ID: 3 });
    expect(await page('/ui/cards/fragment?user=3')).toContain('No call card open');
    const statistics = await page('/ui/statistics');
    expect(statistics).toContain('Carla Mendes');
    expect(statistics).toContain('no recording');
  });

  it('serves the callback form, the event log and the sign-in picker', async () => {
    portal = testPortal();
    expect(await page('/ui/callback')).toContain('Call me back');
    expect(await page('/ui/events')).toContain('No event sent yet');
    await portal.post('/_sandbox/install', { redirect_uri: 'https://relay.example/cb' });
    expect(await page('/oauth/authorize/?client_id=local.66b1c0ffee0001.12345678&state=1')).toContain(
      'Sign in as',
    );
  });
});
