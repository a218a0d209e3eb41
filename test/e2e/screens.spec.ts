import type { Locator, Page } from '@playwright/test';
import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { signInThroughRelay, startRelayForE2e, type E2eRelay } from './support/relay';

/**
 * The main screens as agents see them - idle with the dialpad, an incoming call, a call in
 * progress, the history, the settings and the callback queue - in both themes (the OS's choice,
 * emulated) and both complete languages (chosen in the settings), compared with the reference
 * images in test/e2e/screens/. The screens are real: sipp rings the agent through Kamailio, the
 * relay offers callbacks from the portal emulator. What varies from run to run (timers, dates,
 * ports, the countdown of an offer) is masked; the window is the desktop app's size.
 *
 * Fonts decide every pixel: CI installs fonts-dejavu-core (.ci/setup) and the test first checks
 * that Chromium renders with DejaVu Sans, so a machine with other fonts fails with that message
 * instead of a pixel diff. `npx playwright test screens --update-snapshots` renews the references
 * after a deliberate change of the look (then look at every image before committing it).
 */

const caller = '+74951234567';
const viewport = { width: 420, height: 720 };

const words = {
  en: {
    ready: 'Ready for calls',
    incoming: 'Incoming call',
    inCall: 'Call in progress',
    active: 'In call',
    answer: 'Answer',
    hangUp: 'Hang up',
    history: 'History',
    historyRegion: 'Call history',
    synced: 'In Bitrix24',
    settings: 'Settings',
    settingsForm: 'Settings',
    callbacks: 'Callbacks',
    callbackRegion: 'Callback queue',
    offer: 'Callback offered to you',
    waiting: 'Waiting',
  },
  ru: {
    ready: 'Готов к звонкам',
    incoming: 'Входящий звонок',
    inCall: 'Текущий звонок',
    active: 'Разговор',
    answer: 'Ответить',
    hangUp: 'Завершить',
    history: 'История',
    historyRegion: 'История звонков',
    synced: 'В Битрикс24',
    settings: 'Настройки',
    settingsForm: 'Настройки',
    callbacks: 'Обратные звонки',
    callbackRegion: 'Очередь обратных звонков',
    offer: 'Вам предложен обратный звонок',
    waiting: 'Ждёт',
  },
} as const;

/** The platform fonts Chromium used for the text of `locator` (DevTools protocol). */
async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument');
  await cdp.send('CSS.enable');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((font) => font.familyName);
}

/** What changes between runs on every screen: the portal's port in the status bar. */
function alwaysMasked(page: Page): Locator[] {
  return [page.getByRole('status', { name: /Bitrix24|Битрикс24/ }).locator('.status-text')];
}

let relay: E2eRelay | undefined;
test.afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

for (const language of ['en', 'ru'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`main screens in ${language}, ${theme} theme`, async ({ rig, portal, startAgent }, testInfo) => {
      const say = words[language];
      const shot = (name: string) => `${name}-${language}-${theme}.png`;
      relay = await startRelayForE2e(portal.origin, testInfo.outputPath('relay'));
      const agent = await startAgent('101', {
        // Recording on demand: a Record button, and no upload racing the history's sync state.
        settings: {
          recording: {
            mode: 'on-demand',
            consent: 'none',
            retentionDays: 90,
            maxDiskMb: 2048,
            transcriptionUrl: '',
          },
        },
        contextOptions: { colorScheme: theme, viewport, locale: 'en-US', timezoneId: 'UTC' },
      });
      const { page } = agent;
      // The relay's sign-in as the agent does it, in English; then the language chosen in the settings.
      await signInThroughRelay(page, relay.url, agent.userId);
      if (language !== 'en') {
        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByLabel('Language').selectOption(language);
        await page.getByRole('button', { name: 'Save' }).click();
      }
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      expect(await renderedFonts(page, 'h1'), 'the screenshots are made with DejaVu Sans').toEqual([
        'DejaVu Sans',
      ]);

      // Idle, with the dialpad.
      await expect(page.getByRole('heading', { name: say.ready })).toBeVisible();
      await expect(page).toHaveScreenshot(shot('idle'), { mask: alwaysMasked(page) });

      // An incoming call.
      const call = await placeCall({
        rig,
        to: '101',
        from: caller,
        talkMs: 30_000,
        headers: { 'X-Line': '74950000000' },
      });
      const incoming = page.getByRole('region', { name: say.incoming });
      await expect(incoming.getByLabel(/Caller number|Номер звонящего/)).toHaveText(caller);
      await expect(page).toHaveScreenshot(shot('incoming'), { mask: alwaysMasked(page) });

      // In the call.
      await incoming.getByRole('button', { name: say.answer }).click();
      const inCall = page.getByRole('region', { name: say.inCall });
      await expect(inCall.getByRole('status').first()).toHaveText(say.active);
      await expect(page).toHaveScreenshot(shot('in-call'), {
        mask: [...alwaysMasked(page), inCall.locator('.call-timer'), inCall.locator('.call-quality summary')],
      });
      // Talk for two seconds or more, so the history says "Answered · 0:0N" every time (a call
      // shorter than a second reads "Answered", a text of another width).
      await expect(inCall.locator('.call-timer')).toHaveText(/^0:0[2-9]$/, { timeout: 10_000 });
      await inCall.getByRole('button', { name: say.hangUp }).click();
      await call.done;

      // The history, once Bitrix24 has the call.
      await page.getByRole('button', { name: say.history }).click();
      const history = page.getByRole('region', { name: say.historyRegion });
      await expect(history.getByRole('listitem')).toHaveCount(1);
      await expect(history.getByRole('listitem').locator('.chip')).toHaveText(say.synced, {
        timeout: 15_000,
      });
      await expect(page).toHaveScreenshot(shot('history'), {
        mask: [...alwaysMasked(page), history.locator('time'), history.locator('.history-outcome')],
      });

      // The settings, from the top.
      await page.getByRole('button', { name: say.settings }).click();
      await expect(page.getByRole('form', { name: say.settingsForm })).toBeVisible();
      await expect(page).toHaveScreenshot(shot('settings'), { mask: alwaysMasked(page) });
      await page
        .getByRole('form', { name: say.settingsForm })
        .locator('button[type="button"]')
        .last()
        .click();

      // The callback queue: two requests from the portal's web form; the first is offered to this agent.
      for (const request of [
        { phone: '+74957654321', text: 'Delivery question' },
        { phone: '+74951112233', text: 'Invoice for order 5521' },
      ]) {
        await portal.requestCallback(request);
      }
      await page.getByRole('button', { name: say.callbacks }).click();
      const queue = page.getByRole('region', { name: say.callbackRegion });
      await expect(queue.getByRole('article', { name: say.offer })).toBeVisible();
      await expect(queue.getByRole('listitem')).toHaveCount(2);
      await expect(queue.getByRole('listitem').filter({ hasText: say.waiting })).toHaveCount(1);
      await expect(page).toHaveScreenshot(shot('callbacks'), {
        mask: [...alwaysMasked(page), queue.locator('time'), queue.getByRole('timer')],
      });
    });
  }
}

test('a chosen theme wins over the OS, and the system language is the browser’s', async ({ startAgent }) => {
  const { page } = await startAgent('101', {
    settings: { appearance: { language: 'system', theme: 'dark' } },
    contextOptions: { colorScheme: 'light', locale: 'ru-RU', viewport },
    // startAgent waits for the English "registered"; this window speaks Russian.
    expectRegistered: false,
  });
  await expect(page.getByRole('status', { name: 'Состояние SIP' })).toContainText('зарегистрирован');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { name: words.ru.ready })).toBeVisible();
  // Back to the OS's theme from the settings: light, as the OS is.
  await page.getByRole('button', { name: words.ru.settings }).click();
  await page.getByLabel('Тема').selectOption('system');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
