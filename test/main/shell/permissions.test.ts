import { beforeEach, describe, expect, it } from 'vitest';
import { setupPermissions } from '../../../main/shell/permissions';
import { resetElectronMock, session } from '../../mocks/electron';

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
  beforeEach(() => {
    resetElectronMock();
    setupPermissions();
  });

  it('grant the microphone request of our page and nothing more', () => {
    const ours = { requestingUrl: 'app://b24phone/index.html', isMainFrame: true };
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

  it('refuse every USB, HID and serial device', () => {
    expect(
      session.defaultSession.devicePermissionHandler?.({ deviceType: 'hid', origin: 'app://b24phone' }),
    ).toBe(false);
  });
});
