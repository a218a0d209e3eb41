import { describe, expect, it } from 'vitest';
import { permissionDecision } from '../../../main/shell/permission-policy';

const ours = {
  requestingUrl: 'app://b24phone/index.html',
  isMainFrame: true,
  localNetwork: new Set<never>(),
};

describe('permission policy', () => {
  it('grants the microphone to our page', () => {
    expect(permissionDecision({ ...ours, permission: 'media', mediaTypes: ['audio'] })).toBe(true);
  });

  it('refuses the camera, alone or with the microphone', () => {
    expect(permissionDecision({ ...ours, permission: 'media', mediaTypes: ['video'] })).toBe(false);
    expect(permissionDecision({ ...ours, permission: 'media', mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(permissionDecision({ ...ours, permission: 'media', mediaTypes: [] })).toBe(false);
  });

  it.each(['notifications', 'geolocation', 'clipboard-read', 'hid', 'openExternal', 'display-capture'])(
    'refuses %s even to our page',
    (permission) => {
      expect(permissionDecision({ ...ours, permission, mediaTypes: ['audio'] })).toBe(false);
    },
  );

  it.each([
    'https://evil.example/',
    'file:///index.html',
    'app://other/index.html',
    'http://localhost:5173/',
    'not a url',
  ])('refuses the microphone to %s', (requestingUrl) => {
    expect(permissionDecision({ ...ours, permission: 'media', mediaTypes: ['audio'], requestingUrl })).toBe(
      false,
    );
  });

  it('refuses the microphone to a sub-frame of our own origin', () => {
    expect(
      permissionDecision({ ...ours, isMainFrame: false, permission: 'media', mediaTypes: ['audio'] }),
    ).toBe(false);
  });
});
