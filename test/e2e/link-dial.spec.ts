import { defaultSettings } from '../../common/settings/settings';
import { startUas } from '../../sandbox/pbx/sipp';
import type { Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import { inCallView } from './support/phone-ui';

/**
 * tel:/callto:/sip: links reach the web host as a browser's protocol handler sends them
 * (`/link?to=...`); any web page can open one. The agent sees the number and nothing dials until
 * they confirm; emergency (112, an extension on the rig's PBX) and premium-rate numbers ask even
 * when the agent lets links to their own numbers through at once.
 */

/** The web host's link address, as a protocol handler calls it: no launch key, only the link. */
function linkUrl(agent: Agent, link: string): string {
  const url = new URL('/link', agent.url);
  url.searchParams.set('to', link);
  return url.href;
}

async function openLink(agent: Agent, link: string): Promise<void> {
  const response = await fetch(linkUrl(agent, link));
  expect(response.status).toBe(202);
}

const linkPrompt = (agent: Agent) => agent.page.getByRole('alertdialog', { name: 'Call from a link' });
const invitesTo = (messages: { text: string }[], number: string) =>
  messages.filter((message) => message.text.startsWith(`INVITE sip:${number}@`));

test('a link shows its number and dials only when the agent confirms', async ({
  rig,
  portal,
  startAgent,
}) => {
  const uas = await startUas({ rig, behaviour: 'answer' });
  try {
    const agent = await startAgent('101');
    const prompt = linkPrompt(agent);

    await openLink(agent, 'tel:112');
    await expect(prompt).toContainText('A link asks to call 112. Call?');
    await expect(prompt.getByRole('button', { name: 'Call', exact: true })).toBeFocused();
    await agent.page.keyboard.press('Escape');
    await expect(prompt).toHaveCount(0);

    // Premium rate: the rig would route it to the answering UAS, were it dialled.
    await openLink(agent, 'callto://+78091234567/');
    await expect(prompt).toContainText('+78091234567');
    await prompt.getByRole('button', { name: "Don't call" }).click();
    await expect(prompt).toHaveCount(0);
    await expect(inCallView(agent.page)).toHaveCount(0);

    // Confirmed with Enter: dialled, the UAS gets the INVITE.
    await openLink(agent, 'tel:8 (916) 123-45-67');
    await expect(prompt).toContainText('+79161234567');
    await agent.page.keyboard.press('Enter');
    await expect(inCallView(agent.page).getByLabel('Caller number')).toHaveText('+79161234567');
    await uas.waitForMessage((message) => invitesTo([message], '+79161234567').length > 0);
    // The links the agent refused came first and never reached the PBX or Bitrix24.
    expect(invitesTo(uas.messages(), '+78091234567')).toHaveLength(0);
    await expect
      .poll(async () => (await portal.calls()).map((call) => call.register['PHONE_NUMBER']))
      .toEqual(['+79161234567']);
    await inCallView(agent.page).getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await uas.stop();
  }
});

test('links to the agent own numbers may dial at once; emergency and premium numbers still ask', async ({
  rig,
  startAgent,
}) => {
  const uas = await startUas({ rig, behaviour: 'answer' });
  try {
    const agent = await startAgent('101', {
      settings: { phone: { ...defaultSettings.phone, dialLinksAtOnce: true } },
    });
    const prompt = linkPrompt(agent);

    await openLink(agent, 'tel:112');
    await expect(prompt).toContainText('112');
    await prompt.getByRole('button', { name: "Don't call" }).click();
    await openLink(agent, 'tel:+7-809-123-45-67');
    await expect(prompt).toContainText('+78091234567');
    await prompt.getByRole('button', { name: "Don't call" }).click();
    await expect(prompt).toHaveCount(0);

    // A number of the agent's own country: dialled without a question.
    await openLink(agent, 'tel:+7 916 123-45-67');
    await expect(inCallView(agent.page).getByLabel('Caller number')).toHaveText('+79161234567');
    await uas.waitForMessage((message) => invitesTo([message], '+79161234567').length > 0);
    await expect(prompt).toHaveCount(0);
    expect(invitesTo(uas.messages(), '+78091234567')).toHaveLength(0);
    await inCallView(agent.page).getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await uas.stop();
  }
});

test('a link that is not a phone number is refused at the door', async ({ startAgent }) => {
  const agent = await startAgent('101');
  const response = await fetch(linkUrl(agent, 'sip:101;transport=tcp@evil.example'));
  expect(response.status).toBe(400);
  expect(await response.text()).toBe('Not dialled: The link carries more than a phone number');
});
