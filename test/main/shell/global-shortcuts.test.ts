import { beforeEach, describe, expect, it } from 'vitest';
import type { PhoneCommand } from '../../../common/phone/phone-command';
import type { PhoneState } from '../../../common/phone/phone-state';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { createLogger } from '../../../main/services/log/logger';
import type { AppLanguage } from '../../../common/settings/appearance-settings';
import { setupGlobalShortcuts } from '../../../main/shell/global-shortcuts';
import { showNotice } from '../../../main/shell/notice';
import { PhoneCommandChannel } from '../../../main/shell/phone-command-channel';
import { WatchedValue } from '../../../main/shell/watched-value';
import { globalShortcut, Notification, resetElectronMock } from '../../mocks/electron';
import { registered, ringing, withCalls } from './phone-states';

const keys = (answer: string, hangUp: string): Settings => ({
  ...defaultSettings,
  desktop: { ...defaultSettings.desktop, shortcuts: { answer, hangUp } },
});

function shortcuts(initial: Settings) {
  const settings = new WatchedValue(initial);
  const phone = new WatchedValue<PhoneState>(registered);
  const sent: PhoneCommand[] = [];
  const commands = new PhoneCommandChannel((command) => sent.push(command));
  commands.pageReady();
  setupGlobalShortcuts({
    settings,
    phone,
    commands,
    language: new WatchedValue<AppLanguage>('en'),
    notify: showNotice,
    log: createLogger({ level: 'silent' }),
  });
  return { settings, phone, sent };
}

describe('global shortcuts', () => {
  beforeEach(resetElectronMock);

  it('registers the keys from the settings and sends the command when pressed', () => {
    const { phone, sent } = shortcuts(keys('CommandOrControl+Shift+A', 'F9'));
    expect([...globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+A', 'F9']);
    phone.set(withCalls(ringing('call-1')));
    globalShortcut.press('CommandOrControl+Shift+A');
    phone.set(withCalls(ringing('call-1', { state: 'active' })));
    globalShortcut.press('F9');
    expect(sent).toEqual([
      { kind: 'answer', callKey: 'call-1' },
      { kind: 'hangup', callKey: 'call-1' },
    ]);
  });

  it('follows changed settings and drops the old keys', () => {
    const { settings } = shortcuts(keys('F8', 'F9'));
    settings.set(keys('', 'F10'));
    expect([...globalShortcut.registered.keys()]).toEqual(['F10']);
  });

  it('survives a key another application (or a Wayland desktop) refuses, and tells the agent which', () => {
    globalShortcut.taken.add('F8');
    shortcuts(keys('F8', 'F9'));
    expect([...globalShortcut.registered.keys()]).toEqual(['F9']);
    expect(Notification.created.map((notice) => notice.options)).toEqual([
      {
        title: 'System-wide keys not set up',
        body: 'F8: another application holds these keys, or this desktop does not allow system-wide keys. The buttons in the b24phone window still work.',
      },
    ]);
    expect(Notification.created[0]?.shown).toBe(true);
  });

  it('says nothing when every key is registered', () => {
    shortcuts(keys('F8', 'F9'));
    expect(Notification.created).toEqual([]);
  });

  it('registers nothing by default', () => {
    shortcuts(defaultSettings);
    expect(globalShortcut.registered.size).toBe(0);
  });
});
