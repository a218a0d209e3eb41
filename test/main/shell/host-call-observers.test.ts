import { describe, expect, it } from 'vitest';
import { initialPhoneState, type PhoneState } from '../../../common/phone/phone-state';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { observeHostCalls } from '../../../main/shell/host-call-observers';
import { WatchedValue } from '../../../main/shell/watched-value';
import { registered } from './phone-states';
import { stubHostApiHandlers } from '../../support/host-api-stub';

const services = stubHostApiHandlers({
  // The service fills in what it stores; the shell must see the stored settings, not the request.
  'settings/save': (settings) => ({ ...settings, defaultLineNumber: 'stored' }),
});

describe('shell observers of host calls', () => {
  it('follow settings as the services stored them, and the phone state the page reported', async () => {
    const settings = new WatchedValue<Settings>(defaultSettings);
    const phone = new WatchedValue<PhoneState>(initialPhoneState);
    let reports = 0;
    const handlers = observeHostCalls(services, { settings, phone, onPhoneReport: () => (reports += 1) });
    await expect(handlers['settings/save'](defaultSettings)).resolves.toMatchObject({
      defaultLineNumber: 'stored',
    });
    expect(settings.get().defaultLineNumber).toBe('stored');
    await expect(handlers['phone/state'](registered)).resolves.toBeNull();
    await handlers['phone/state'](registered);
    expect(phone.get()).toEqual(registered);
    expect(reports).toBe(2);
  });

  it('see nothing when the service refuses the settings', async () => {
    const settings = new WatchedValue<Settings>(defaultSettings);
    const phone = new WatchedValue<PhoneState>(initialPhoneState);
    const handlers = observeHostCalls(
      {
        ...services,
        'settings/save': () => {
          throw new Error('disk full');
        },
      },
      { settings, phone, onPhoneReport: () => undefined },
    );
    await expect(handlers['settings/save']({ ...defaultSettings, defaultLineNumber: 'x' })).rejects.toThrow();
    expect(settings.get()).toBe(defaultSettings);
  });
});
