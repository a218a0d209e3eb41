import { beforeEach, describe, expect, it } from 'vitest';
import { hostMethodNames } from '../../../common/host-api/contract';
import { initialPhoneState } from '../../../common/phone/phone-state';
import { defaultSettings } from '../../../common/settings/settings';
import { HostEventBus } from '../../../main/services/host-api/event-bus';
import { createLogger } from '../../../main/services/log/logger';
import { setupHostIpc } from '../../../main/shell/host-ipc';
import { MainWindow } from '../../../main/shell/main-window';
import {
  BrowserWindow,
  FakeWebContents,
  FakeWebFrame,
  ipcMain,
  resetElectronMock,
} from '../../mocks/electron';
import { stubHostApiHandlers } from '../../support/host-api-stub';

const log = createLogger({ level: 'silent' });

const handlers = stubHostApiHandlers();

function openWindow(): { window: MainWindow; page: BrowserWindow; events: HostEventBus } {
  const window = new MainWindow();
  const events = new HostEventBus();
  setupHostIpc({ window, handlers, events, log });
  window.open({
    preloadPath: '/p.cjs',
    backgroundColor: '#eef1f6',
    startHidden: false,
    trayShown: () => true,
    log,
    onPageUnloaded: () => undefined,
  });
  const page = BrowserWindow.created[0];
  if (!page) throw new Error('no window');
  return { window, page, events };
}

describe('host API over IPC', () => {
  beforeEach(resetElectronMock);

  it('handles exactly the contract methods, one channel each', () => {
    openWindow();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...hostMethodNames].sort());
  });

  it('answers our page main frame with the validated result', async () => {
    const { page } = openWindow();
    const from = { sender: page.webContents, frame: page.webContents.mainFrame };
    await expect(ipcMain.invoke('settings/get', from)).resolves.toEqual(defaultSettings);
    await expect(ipcMain.invoke('phone/state', from, initialPhoneState)).resolves.toBeNull();
  });

  it('refuses a sub-frame, another page and a frame that left our origin', async () => {
    const { page } = openWindow();
    const subFrame = new FakeWebFrame('app://b24phone/index.html', page.webContents.mainFrame);
    await expect(
      ipcMain.invoke('settings/get', { sender: page.webContents, frame: subFrame }),
    ).rejects.toThrow(/Refused/);
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://b24phone/index.html';
    await expect(
      ipcMain.invoke('settings/get', { sender: stranger, frame: stranger.mainFrame }),
    ).rejects.toThrow(/Refused/);
    page.webContents.mainFrame.url = 'https://evil.example/';
    await expect(
      ipcMain.invoke('settings/get', { sender: page.webContents, frame: page.webContents.mainFrame }),
    ).rejects.toThrow(/Refused/);
    await expect(ipcMain.invoke('settings/get', { sender: page.webContents, frame: null })).rejects.toThrow(
      /Refused/,
    );
  });

  it('drops calls whose arguments break the contract', async () => {
    const { page } = openWindow();
    const from = { sender: page.webContents, frame: page.webContents.mainFrame };
    await expect(ipcMain.invoke('phone/state', from, { registration: 'hacked' })).rejects.toThrow(
      /Invalid arguments/,
    );
    await expect(ipcMain.invoke('settings/get', from, 'extra')).rejects.toThrow(/Invalid arguments/);
  });

  it('forwards host events to the page', () => {
    const { page, events } = openWindow();
    events.emit('phone/command', { kind: 'dial', number: '+74951234567' });
    events.emit('system/changed', { kind: 'resume', at: 1 });
    expect(page.webContents.sent).toEqual([
      { channel: 'phone/command', payload: { kind: 'dial', number: '+74951234567' } },
      { channel: 'system/changed', payload: { kind: 'resume', at: 1 } },
    ]);
  });
});
