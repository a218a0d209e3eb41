import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { createLogger } from '../../../main/services/log/logger';
import { setupPermissions } from '../../../main/shell/permissions';
import { WatchedValue } from '../../../main/shell/watched-value';
import { resetElectronMock, session } from '../../mocks/electron';

const ours = { requestingUrl: 'app://b24phone/index.html', isMainFrame: true };

function withPbx(wsUrl: string): Settings {
  return {
    ...defaultSettings,
    sip: {
      wsUrl,
      domain: 'pbx',
      extension: '101',
      password: 'secret',
      displayName: '',
      callIdHeader: '',
      lineHeader: '',
    },
  };
}

function request(permission: string, details: Record<string, unknown>): boolean {
  let granted: boolean | null = null;
  session.defaultSession.permissionRequestHandler?.(
    null,
    permission,
    (answer: boolean) => (granted = answer),
    details,
  );
  if (granted === null) throw new Error('the handler did not answer');
  return granted;
}

describe('permission handlers of the session', () => {
  let settings: WatchedValue<Settings>;
  beforeEach(() => {
    resetElectronMock();
    settings = new WatchedValue(defaultSettings);
    setupPermissions(settings, createLogger({ level: 'silent' }));
  });

  it('grant the microphone request of our page and nothing more', () => {
    expect(request('media', { ...ours, mediaTypes: ['audio'] })).toBe(true);
    expect(request('media', { ...ours, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(request('notifications', ours)).toBe(false);
    expect(
      request('media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['audio'] }),
    ).toBe(false);
  });

  it('answer permission checks the same way', () => {
    const check = session.defaultSession.permissionCheckHandler;
    expect(check?.(null, 'media', 'app://b24phone', { mediaType: 'audio', isMainFrame: true })).toBe(true);
    expect(check?.(null, 'media', 'app://b24phone', { mediaType: 'video', isMainFrame: true })).toBe(false);
    expect(check?.(null, 'media', 'https://evil.example', { mediaType: 'audio', isMainFrame: true })).toBe(
      false,
    );
    expect(check?.(null, 'clipboard-read', 'app://b24phone', { isMainFrame: true })).toBe(false);
  });

  it('let our page reach a PBX on the private network or this machine, and only where the PBX is', () => {
    settings.set(withPbx('wss://10.20.0.5:8089/ws'));
    expect(request('local-network', ours)).toBe(true);
    expect(request('local-network-access', ours)).toBe(true);
    expect(request('loopback-network', ours)).toBe(false);
    const check = session.defaultSession.permissionCheckHandler;
    expect(check?.(null, 'local-network', 'app://b24phone', { isMainFrame: true })).toBe(true);

    settings.set(withPbx('ws://127.0.0.1:5066'));
    expect(request('loopback-network', ours)).toBe(true);
    expect(request('local-network', ours)).toBe(false);
  });

  it('give no local-network permission for a PBX on the internet, none to other pages or sub-frames', () => {
    expect(request('local-network', ours)).toBe(false);
    settings.set(withPbx('wss://203.0.113.7/ws'));
    expect(request('local-network', ours)).toBe(false);
    expect(request('loopback-network', ours)).toBe(false);
    settings.set(withPbx('ws://192.168.1.10:8080/ws'));
    expect(request('local-network', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(
      false,
    );
    expect(request('local-network', { ...ours, isMainFrame: false })).toBe(false);
  });

  it('refuse every USB, HID and serial device', () => {
    expect(
      session.defaultSession.devicePermissionHandler?.({ deviceType: 'hid', origin: 'app://b24phone' }),
    ).toBe(false);
  });
});
