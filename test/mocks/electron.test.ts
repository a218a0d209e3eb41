import { describe, expect, it } from 'vitest';
import {
  app,
  BrowserWindow,
  FakeWebContents,
  FakeWebFrame,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  resetElectronMock,
  safeStorage,
  session,
  Tray,
} from './electron';

/**
 * The fake keeps Electron's rules, so a shell test fails where the app would: what may not be
 * used before `ready`, how values and errors cross IPC, and that a scheme registration can fail.
 */
describe('the Electron double', () => {
  it('is not ready until Electron says so: whenReady waits, ready-only APIs throw', async () => {
    resetElectronMock({ ready: false });
    let ready = false;
    const waiting = app.whenReady().then(() => (ready = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(false);
    expect(() => new BrowserWindow({})).toThrow(/before the app is ready/);
    expect(() => new Tray({ size: 16, colourBgra: [], addRepresentation: () => undefined })).toThrow(
      /before the app is ready/,
    );
    expect(() => session.defaultSession).toThrow(/before the app is ready/);
    expect(() => globalShortcut.register('Alt+A', () => undefined)).toThrow(/before the app is ready/);
    expect(safeStorage.isEncryptionAvailable()).toBe(false);

    app.becomeReady();
    await waiting;
    expect(ready).toBe(true);
    expect(safeStorage.isEncryptionAvailable()).toBe(true);
    expect(() => new BrowserWindow({})).not.toThrow();
  });

  it('passes IPC values as structured clones and wraps a handler error like Electron', async () => {
    resetElectronMock();
    const kept: unknown[] = [];
    ipcMain.handle('echo', (_event, value: unknown) => {
      kept.push(value);
      return { at: new Date(0), value };
    });
    ipcMain.handle('fail', () => {
      throw new TypeError('bad input');
    });
    const from = { sender: new FakeWebContents(), frame: new FakeWebFrame('app://b24phone/index.html') };
    const sent = { nested: { n: 1 } };
    const answer = (await ipcMain.invoke('echo', from, sent)) as { at: Date; value: unknown };
    expect(kept[0]).toEqual(sent);
    expect(kept[0]).not.toBe(sent);
    expect(answer.value).not.toBe(sent);
    expect(answer.at).toEqual(new Date(0));
    await expect(ipcMain.invoke('echo', from, () => 1)).rejects.toThrow('An object could not be cloned.');
    await expect(ipcMain.invoke('fail', from)).rejects.toThrow(
      "Error invoking remote method 'fail': TypeError: bad input",
    );

    ipcRenderer.answer = () => Promise.reject(new Error('no such call'));
    await expect(ipcRenderer.invoke('status/get')).rejects.toThrow(
      "Error invoking remote method 'status/get': Error: no such call",
    );
  });

  it('can refuse a protocol registration, as the OS may', () => {
    resetElectronMock();
    app.refusedSchemes.add('callto');
    expect(app.setAsDefaultProtocolClient('tel')).toBe(true);
    expect(app.setAsDefaultProtocolClient('callto')).toBe(false);
  });
});
