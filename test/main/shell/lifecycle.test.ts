import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/services/log/logger';
import { appUserModelId, setupLifecycle } from '../../../main/shell/lifecycle';
import { app, FakeEvent, globalShortcut, resetElectronMock } from '../../mocks/electron';

const platform = Object.getOwnPropertyDescriptor(process, 'platform');

function lifecycle() {
  const done: string[] = [];
  let finishClose: () => void = () => undefined;
  setupLifecycle({
    showWindow: () => done.push('show'),
    close: () => {
      done.push('close services');
      return new Promise<void>((resolve) => (finishClose = resolve));
    },
    log: createLogger({ level: 'silent' }),
  });
  return { done, finishClose: () => finishClose() };
}

describe('app lifecycle', () => {
  beforeEach(resetElectronMock);
  afterEach(() => {
    if (platform) Object.defineProperty(process, 'platform', platform);
  });

  it('keeps running when no window is left (the app lives in the tray)', () => {
    lifecycle();
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(app.quitRequested).toBe(false);
  });

  it('reopens the window from the macOS dock', () => {
    const { done } = lifecycle();
    app.emit('activate');
    expect(done).toEqual(['show']);
  });

  it('on quit releases the shortcuts and closes the services before the process ends', async () => {
    const { done, finishClose } = lifecycle();
    globalShortcut.register('F9', () => undefined);
    const firstQuit = new FakeEvent();
    app.emit('will-quit', firstQuit);
    expect(firstQuit.defaultPrevented).toBe(true);
    expect(globalShortcut.registered.size).toBe(0);
    expect(app.quitRequested).toBe(false);
    finishClose();
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quitRequested).toBe(true);
    const secondQuit = new FakeEvent();
    app.emit('will-quit', secondQuit);
    expect(secondQuit.defaultPrevented).toBe(false);
    expect(done).toEqual(['close services']);
  });

  it('gives Windows the identity its notifications are shown under', () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    lifecycle();
    expect(app.appUserModelId).toBe(appUserModelId);
  });
});
