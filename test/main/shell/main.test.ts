import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostMethodNames } from '../../../common/host-api/contract';
import type { HostStatus } from '../../../common/host-api/host-status';
import type { Settings } from '../../../common/settings/settings';
import { windowBackgrounds } from '../../../common/theme/window-background';
import {
  app,
  BrowserWindow,
  FakeEvent,
  ipcMain,
  Notification,
  protocol,
  resetElectronMock,
  session,
  Tray,
  nativeTheme,
} from '../../mocks/electron';
import { ringing, withCalls } from './phone-states';

/**
 * main.ts against the Electron fake: does the entry wire every feature to the one window and the
 * services, so that what the page reports reaches the tray and the notifications, and what the
 * agent does there reaches the page as a phone command?
 */
const listenersBefore = {
  uncaught: process.listeners('uncaughtException'),
  rejection: process.listeners('unhandledRejection'),
};
let page: BrowserWindow;

beforeAll(async () => {
  resetElectronMock({ ready: false });
  process.env['B24PHONE_PROFILE_DIR'] = mkdtempSync(path.join(tmpdir(), 'b24phone-main-'));
  // Before ready, as Electron loads it: anything main.ts did too early would throw here.
  await import('../../../main/shell/main');
  app.becomeReady();
  // Let app.whenReady() and the settings read settle.
  while (BrowserWindow.created.length === 0) await new Promise((resolve) => setImmediate(resolve));
  const created = BrowserWindow.created[0];
  if (!created) throw new Error('main.ts opened no window');
  page = created;
});

afterAll(() => {
  delete process.env['B24PHONE_PROFILE_DIR'];
  for (const listener of process.listeners('uncaughtException'))
    if (!listenersBefore.uncaught.includes(listener)) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection'))
    if (!listenersBefore.rejection.includes(listener)) process.off('unhandledRejection', listener);
});

const fromPage = () => ({ sender: page.webContents, frame: page.webContents.mainFrame });

describe('main.ts wiring', () => {
  it('opens one window on app:// behind the scheme, permission and IPC handlers', () => {
    expect(BrowserWindow.created).toHaveLength(1);
    // The OS is light (the fake's default) and the settings say `system`: no dark flash.
    expect(page.backgroundColor).toBe(windowBackgrounds.light);
    expect(page.loadedUrl).toBe('app://b24phone/index.html');
    expect(protocol.handlers.has('app')).toBe(true);
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...hostMethodNames].sort());
    expect(page.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(app.protocolClients.map((client) => client.scheme)).toEqual(['tel', 'callto', 'sip']);
  });

  it('paints the tray from what the page reports', async () => {
    const tray = Tray.created[0];
    await ipcMain.invoke('phone/state', fromPage(), { registration: 'registered', dnd: false, calls: [] });
    expect(tray?.tooltip).toBe('b24phone: ready for calls');
    await ipcMain.invoke('phone/state', fromPage(), { registration: 'failed', dnd: false, calls: [] });
    expect(tray?.tooltip).toBe('b24phone: not registered with the PBX');
  });

  it('rings: notification shown, window raised, Answer reaches the page as a phone command', async () => {
    await ipcMain.invoke('phone/state', fromPage(), withCalls(ringing('call-1')));
    const notification = Notification.created.at(-1);
    expect(notification?.shown).toBe(true);
    expect(page.visible).toBe(true);
    notification?.emit('action', Object.assign(new FakeEvent(), { actionIndex: 0, selectionIndex: -1 }), 0);
    expect(page.webContents.sent.at(-1)).toEqual({
      channel: 'phone/command',
      payload: { kind: 'answer', callKey: 'call-1' },
    });
    await ipcMain.invoke('phone/state', fromPage(), withCalls(ringing('call-1', { state: 'active' })));
    expect(notification?.closed).toBe(true);
  });

  it('a link from a second launch is offered in this instance', () => {
    app.emit('second-instance', new FakeEvent(), ['/opt/b24phone/b24phone', 'tel:+7 495 123-45-67'], '/');
    expect(page.webContents.sent.at(-1)).toEqual({
      channel: 'phone/command',
      payload: { kind: 'dial-link', number: '+74951234567' },
    });
  });

  it('speaks the language and paints the theme the agent saves, at once', async () => {
    const tray = Tray.created[0];
    const idle = { registration: 'registered', dnd: false, calls: [] };
    await ipcMain.invoke('phone/state', fromPage(), idle);
    const saved = (await ipcMain.invoke('settings/get', fromPage())) as Settings;
    await ipcMain.invoke('settings/save', fromPage(), {
      ...saved,
      appearance: { language: 'ru', theme: 'dark' },
    });
    expect(tray?.tooltip).toBe('b24phone: готов к звонкам');
    expect(page.backgroundColor).toBe(windowBackgrounds.dark);
    expect(nativeTheme.themeSource).toBe('dark');
    await ipcMain.invoke('phone/state', fromPage(), withCalls(ringing('call-ru')));
    expect(Notification.created.at(-1)?.options.title).toBe('Входящий звонок');
    await ipcMain.invoke('phone/state', fromPage(), idle);
    await ipcMain.invoke('settings/save', fromPage(), saved);
    expect(tray?.tooltip).toBe('b24phone: ready for calls');
    expect(page.backgroundColor).toBe(windowBackgrounds.light);
  });

  it('keeps the SIP password the page saves in the OS keychain, not in settings.json', async () => {
    const saved = (await ipcMain.invoke('settings/get', fromPage())) as Settings;
    const sip = { wsUrl: 'wss://pbx.example.com/ws', domain: 'pbx.example.com', extension: '101' };
    const account = {
      ...sip,
      password: 'main-wiring-pw-71',
      displayName: '',
      callIdHeader: '',
      lineHeader: '',
    };
    await ipcMain.invoke('settings/save', fromPage(), { ...saved, sip: account });
    expect(((await ipcMain.invoke('status/get', fromPage())) as HostStatus).secrets).toBe('os-keychain');
    const profileDir = process.env['B24PHONE_PROFILE_DIR'] ?? '';
    expect(readFileSync(path.join(profileDir, 'settings.json'), 'utf8')).not.toContain('main-wiring-pw-71');
    expect(readFileSync(path.join(profileDir, 'secrets.bin'), 'utf8')).not.toContain('main-wiring-pw-71');
    await ipcMain.invoke('settings/save', fromPage(), saved);
  });

  it('holds commands while the page reloads, and forgets the calls the page held', async () => {
    page.webContents.emit('did-start-loading');
    const sentBefore = page.webContents.sent.length;
    expect(Tray.created[0]?.tooltip).toBe('b24phone: no SIP account set up');
    app.emit('open-url', new FakeEvent(), 'tel:101');
    expect(page.webContents.sent).toHaveLength(sentBefore);
    await ipcMain.invoke('phone/state', fromPage(), { registration: 'registered', dnd: false, calls: [] });
    expect(page.webContents.sent.at(-1)).toEqual({
      channel: 'phone/command',
      payload: { kind: 'dial-link', number: '101' },
    });
  });
});
