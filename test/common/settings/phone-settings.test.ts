import { describe, expect, it } from 'vitest';
import { defaultPhoneSettings, phoneSettingsSchema } from '../../../common/settings/phone-settings';
import { settingsSchema } from '../../../common/settings/settings';

describe('phone settings', () => {
  it('default to a plain phone: no auto-answer, no DND, RFC 4733, no STUN/TURN, no keep-alive', () => {
    expect(defaultPhoneSettings).toMatchObject({
      autoAnswer: { always: false, byHeader: true, delaySeconds: 0 },
      dnd: false,
      callWaiting: true,
      dtmfMode: 'rfc4733',
      codecs: ['opus', 'PCMA', 'PCMU'],
      network: { iceServers: [], keepAliveSeconds: 0, registerExpiresSeconds: 300 },
      dialRules: { defaultCountry: '', externalFormat: 'e164', outsideLinePrefix: '' },
    });
  });

  it('are filled in for settings stored before they existed', () => {
    expect(settingsSchema.parse({ cardPolicy: 'never' }).phone).toEqual(defaultPhoneSettings);
  });

  it.each([
    [{ network: { iceServers: [{ urls: 'http://stun.example.com' }] } }, 'STUN/TURN'],
    [{ dialRules: { defaultCountry: 'XX' } }, 'ISO country'],
    [{ dialRules: { outsideLinePrefix: '9;x' } }, 'outside line'],
    [{ autoAnswer: { delaySeconds: 90 } }, ''],
    [{ codecs: ['speex'] }, ''],
  ])('refuse %j', (value, message) => {
    const parsed = phoneSettingsSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(parsed.error.issues.map((issue) => issue.message).join(' ')).toContain(message);
  });

  it('accept a TURN server with credentials', () => {
    const parsed = phoneSettingsSchema.parse({
      network: { iceServers: [{ urls: 'turn:turn.example.com:3478', username: 'a', credential: 'b' }] },
    });
    expect(parsed.network.iceServers[0]).toEqual({
      urls: 'turn:turn.example.com:3478',
      username: 'a',
      credential: 'b',
    });
  });
});
