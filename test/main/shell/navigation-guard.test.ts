import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { createLogger } from '../../../main/services/log/logger';
import { setupNavigationGuard } from '../../../main/shell/navigation-guard';
import { WatchedValue } from '../../../main/shell/watched-value';
import { BrowserWindow, FakeEvent, resetElectronMock, shell } from '../../mocks/electron';

const settings = new WatchedValue<Settings>({
  ...defaultSettings,
  bitrix: { portalUrl: 'https://company.bitrix24.com' },
});

function guardedPage(): BrowserWindow {
  setupNavigationGuard(settings, createLogger({ level: 'silent' }));
  return new BrowserWindow({});
}

describe('navigation guard', () => {
  beforeEach(resetElectronMock);

  it('stops navigation away from our origin and opens the portal in the browser instead', () => {
    const contents = guardedPage().webContents;
    const toPortal = new FakeEvent('https://company.bitrix24.com/crm/deal/1/');
    contents.emit('will-navigate', toPortal);
    const toEvil = new FakeEvent('https://evil.example/');
    contents.emit('will-navigate', toEvil);
    const inApp = new FakeEvent('app://b24phone/index.html');
    contents.emit('will-navigate', inApp);
    expect([toPortal.defaultPrevented, toEvil.defaultPrevented, inApp.defaultPrevented]).toEqual([
      true,
      true,
      false,
    ]);
    expect(shell.opened).toEqual(['https://company.bitrix24.com/crm/deal/1/']);
  });

  it('stops redirects out of our origin, even to the portal', () => {
    const contents = guardedPage().webContents;
    const redirect = new FakeEvent('https://company.bitrix24.com/');
    contents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
  });

  it('never opens a window; allowed links go to the browser', () => {
    const open = guardedPage().webContents.windowOpenHandler;
    expect(open?.({ url: 'https://company.bitrix24.com/crm/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'app://b24phone/index.html' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://company.bitrix24.com/crm/']);
  });

  it('refuses to attach a webview', () => {
    const attach = new FakeEvent();
    guardedPage().webContents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });
});
