import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/services/log/logger';
import { MainWindow } from '../../../main/shell/main-window';
import { mayRestartRenderer, restartWindowMs } from '../../../main/shell/renderer-restart-policy';
import { app, BrowserWindow, FakeEvent, resetElectronMock } from '../../mocks/electron';

const log = createLogger({ level: 'silent' });

function open(
  startHidden = false,
  trayShown = true,
): { window: MainWindow; page: BrowserWindow; unloads: number[] } {
  const unloads: number[] = [];
  const window = new MainWindow();
  window.open({
    preloadPath: '/app/out/preload/index.cjs',
    backgroundColor: '#eef1f6',
    startHidden,
    trayShown: () => trayShown,
    log,
    onPageUnloaded: () => unloads.push(1),
  });
  const page = BrowserWindow.created[0];
  if (!page) throw new Error('no window');
  return { window, page, unloads };
}

describe('main window', () => {
  beforeEach(resetElectronMock);

  it('is one hardened window loading our page from app://', () => {
    const { page } = open();
    expect(BrowserWindow.created).toHaveLength(1);
    expect(page.loadedUrl).toBe('app://b24phone/index.html');
    expect(page.options).toMatchObject({
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: true },
    });
  });

  it('has no developer tools when packaged', () => {
    app.isPackaged = true;
    const { page } = open();
    expect(page.options).toMatchObject({ webPreferences: { devTools: false } });
  });

  it('shows when painted, unless started at login', () => {
    const shown = open();
    shown.page.emit('ready-to-show');
    expect(shown.page.visible).toBe(true);
    resetElectronMock();
    const hidden = open(true);
    hidden.page.emit('ready-to-show');
    expect(hidden.page.visible).toBe(false);
  });

  it('a ring before the window is painted still shows it', () => {
    const { window, page } = open(true);
    page.webContents.emit('did-start-loading');
    window.show();
    expect(page.visible).toBe(true);
  });

  it('hides to the tray on close, and closes for real when quitting', () => {
    const { page } = open();
    page.show();
    const close = new FakeEvent();
    page.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(page.visible).toBe(false);
    app.emit('before-quit');
    const closeOnQuit = new FakeEvent();
    page.emit('close', closeOnQuit);
    expect(closeOnQuit.defaultPrevented).toBe(false);
  });

  it('minimises on close where the desktop shows no tray, so the agent can get it back', () => {
    const { window, page } = open(false, false);
    page.show();
    const close = new FakeEvent();
    page.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(page.visible).toBe(true);
    expect(page.minimized).toBe(true);
    window.show();
    expect(page.minimized).toBe(false);
  });

  it('starts minimised at login where there is no tray to open it from', () => {
    const { page } = open(true, false);
    page.emit('ready-to-show');
    expect(page.visible).toBe(true);
    expect(page.focused).toBe(false);
    expect(page.minimized).toBe(true);
  });

  it('restores a minimised window to the front', () => {
    const { window, page } = open();
    page.minimized = true;
    window.show();
    expect(page).toMatchObject({ minimized: false, visible: true, focused: true });
  });

  it('reloads a crashed page, but not in an endless loop', () => {
    const { page, unloads } = open();
    for (let crash = 0; crash < 5; crash++)
      page.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed' });
    expect(page.webContents.reloads).toBe(3);
    expect(unloads).toHaveLength(5);
    page.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'clean-exit' });
    expect(page.webContents.reloads).toBe(3);
  });

  it('allows new restarts once old crashes are out of the window', () => {
    expect(mayRestartRenderer([0, 1, 2], 3)).toBe(false);
    expect(mayRestartRenderer([0, 1, 2], restartWindowMs + 1)).toBe(true);
  });
});
