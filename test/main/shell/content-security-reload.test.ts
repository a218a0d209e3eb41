import { describe, expect, it } from 'vitest';
import type { PhoneState } from '../../../common/phone/phone-state';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { setupContentSecurityReload } from '../../../main/shell/content-security-reload';
import { WatchedValue } from '../../../main/shell/watched-value';
import { registered, ringing, withCalls } from './phone-states';

const pbx = (wsUrl: string, password = 'x'): Settings => ({
  ...defaultSettings,
  sip: {
    wsUrl,
    domain: 'pbx.example.com',
    extension: '101',
    password,
    displayName: '',
    callIdHeader: '',
    lineHeader: '',
  },
});

function reloadWatch(phoneState: PhoneState) {
  const settings = new WatchedValue(pbx('wss://old.example.com/ws'));
  const phone = new WatchedValue(phoneState);
  let reloads = 0;
  setupContentSecurityReload({ settings, phone, reload: () => (reloads += 1) });
  return { settings, phone, reloads: () => reloads };
}

describe('CSP follows the PBX address', () => {
  it('reloads the page when another PBX is saved', () => {
    const { settings, reloads } = reloadWatch(registered);
    settings.set(pbx('wss://new.example.com/ws'));
    expect(reloads()).toBe(1);
  });

  it('does not reload for changes that keep the PBX origin', () => {
    const { settings, reloads } = reloadWatch(registered);
    settings.set(pbx('wss://old.example.com/other-path', 'new password'));
    expect(reloads()).toBe(0);
  });

  it('waits for the calls in progress to end', () => {
    const { settings, phone, reloads } = reloadWatch(withCalls(ringing('a', { state: 'active' })));
    settings.set(pbx('wss://new.example.com/ws'));
    expect(reloads()).toBe(0);
    phone.set(withCalls(ringing('a', { state: 'held' })));
    expect(reloads()).toBe(0);
    phone.set(registered);
    phone.set(registered);
    expect(reloads()).toBe(1);
  });
});
