import { beforeEach, describe, expect, it } from 'vitest';
import type { PhoneCommand } from '../../../common/phone/phone-command';
import type { PhoneState } from '../../../common/phone/phone-state';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { createLogger } from '../../../main/services/log/logger';
import { setupGlobalShortcuts } from '../../../main/shell/global-shortcuts';
import { PhoneCommandChannel } from '../../../main/shell/phone-command-channel';
import { WatchedValue } from '../../../main/shell/watched-value';
import { globalShortcut, resetElectronMock } from '../../mocks/electron';
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
  setupGlobalShortcuts({ settings, phone, commands, log: createLogger({ level: 'silent' }) });
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

  it('survives a key another application holds', () => {
    globalShortcut.taken.add('F8');
    shortcuts(keys('F8', 'F9'));
    expect([...globalShortcut.registered.keys()]).toEqual(['F9']);
  });

  it('registers nothing by default', () => {
    shortcuts(defaultSettings);
    expect(globalShortcut.registered.size).toBe(0);
  });
});
