import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { createLogger } from '../../../main/services/log/logger';
import { autostartEntry, autostartExecutable } from '../../../main/shell/linux-autostart';
import { setupLoginItem, startedAtLogin } from '../../../main/shell/login-item';
import { WatchedValue } from '../../../main/shell/watched-value';
import { app, resetElectronMock } from '../../mocks/electron';

const atLogin = (launchAtLogin: boolean): Settings => ({
  ...defaultSettings,
  desktop: { ...defaultSettings.desktop, launchAtLogin },
});

const savedXdg = process.env['XDG_CONFIG_HOME'];
const platform = Object.getOwnPropertyDescriptor(process, 'platform');
function pretendPlatform(name: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: name });
}

describe('start at login', () => {
  let configHome = '';
  beforeEach(() => {
    resetElectronMock();
    configHome = mkdtempSync(path.join(tmpdir(), 'autostart-'));
    process.env['XDG_CONFIG_HOME'] = configHome;
  });
  afterEach(() => {
    if (platform) Object.defineProperty(process, 'platform', platform);
    if (savedXdg === undefined) delete process.env['XDG_CONFIG_HOME'];
    else process.env['XDG_CONFIG_HOME'] = savedXdg;
  });

  it('on macOS and Windows asks the OS to start the app hidden at login, following the setting', () => {
    pretendPlatform('win32');
    app.isPackaged = true;
    const settings = new WatchedValue(atLogin(true));
    setupLoginItem(settings, createLogger({ level: 'silent' }));
    settings.set(atLogin(false));
    expect(app.loginItemSettings).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
  });

  it('on Linux writes and removes an autostart entry', () => {
    pretendPlatform('linux');
    app.isPackaged = true;
    const settings = new WatchedValue(atLogin(false));
    setupLoginItem(settings, createLogger({ level: 'silent' }));
    const entry = path.join(configHome, 'autostart', 'b24phone.desktop');
    expect(existsSync(entry)).toBe(false);
    settings.set(atLogin(true));
    expect(readFileSync(entry, 'utf8')).toContain(`Exec="${process.execPath}" --hidden`);
    settings.set(atLogin(false));
    expect(existsSync(entry)).toBe(false);
  });

  it('leaves the login alone in a development build', () => {
    pretendPlatform('win32');
    setupLoginItem(new WatchedValue(atLogin(true)), createLogger({ level: 'silent' }));
    expect(app.loginItemSettings).toEqual([]);
  });

  it('knows a login start by its argument, or on macOS by asking the OS', () => {
    pretendPlatform('linux');
    expect(startedAtLogin(['/opt/b24phone/b24phone', '--hidden'])).toBe(true);
    expect(startedAtLogin(['/opt/b24phone/b24phone'])).toBe(false);
    pretendPlatform('darwin');
    app.openedAtLogin = true;
    expect(startedAtLogin(['/Applications/b24phone.app/Contents/MacOS/b24phone'])).toBe(true);
  });

  it('describes itself to the desktop in English and in each language that translates it', () => {
    const lines = autostartEntry('/opt/b24phone/b24phone').split('\n');
    expect(lines.filter((line) => line.startsWith('Comment'))).toEqual([
      'Comment=Softphone for Bitrix24',
      'Comment[ru]=Софтфон для Битрикс24',
    ]);
  });

  it('quotes the program path as the Desktop Entry specification requires', () => {
    expect(autostartEntry('/opt/my "phone"/$b24phone')).toContain(
      'Exec="/opt/my \\"phone\\"/\\$b24phone" --hidden',
    );
    expect(autostartExecutable({ APPIMAGE: '/home/a/b24phone.AppImage' }, '/tmp/.mount_x/b24phone')).toBe(
      '/home/a/b24phone.AppImage',
    );
  });
});
