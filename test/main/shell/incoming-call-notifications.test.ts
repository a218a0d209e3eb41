import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhoneCommand } from '../../../common/phone/phone-command';
import type { PhoneState } from '../../../common/phone/phone-state';
import type { AppLanguage } from '../../../common/settings/appearance-settings';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { alertPlan, commandForAlertAction } from '../../../main/shell/incoming-call-alerts';
import { setupIncomingCallNotifications } from '../../../main/shell/incoming-call-notifications';
import { PhoneCommandChannel } from '../../../main/shell/phone-command-channel';
import { WatchedValue } from '../../../main/shell/watched-value';
import { FakeEvent, Notification, resetElectronMock } from '../../mocks/electron';
import { registered, ringing, withCalls } from './phone-states';

function notifications(bringToFrontOnRing = true, initialLanguage: AppLanguage = 'en') {
  const phone = new WatchedValue<PhoneState>(registered);
  const language = new WatchedValue<AppLanguage>(initialLanguage);
  const settings = new WatchedValue<Settings>({
    ...defaultSettings,
    desktop: { ...defaultSettings.desktop, bringToFrontOnRing },
  });
  const sent: PhoneCommand[] = [];
  const commands = new PhoneCommandChannel((command) => sent.push(command));
  commands.pageReady();
  let windowShown = 0;
  setupIncomingCallNotifications({
    phone,
    settings,
    language,
    commands,
    showWindow: () => (windowShown += 1),
  });
  return { phone, language, sent, windowShown: () => windowShown };
}

function action(notification: Notification | undefined, actionIndex: number): void {
  notification?.emit(
    'action',
    Object.assign(new FakeEvent(), { actionIndex, selectionIndex: -1 }),
    actionIndex,
  );
}

describe('incoming-call notification plan', () => {
  it('shows a notification once per ringing incoming call and closes it when the call stops ringing', () => {
    const first = alertPlan(new Set(), withCalls(ringing('a'), ringing('b', { direction: 'outgoing' })));
    expect(first.show.map((call) => call.callKey)).toEqual(['a']);
    expect(alertPlan(new Set(['a']), withCalls(ringing('a')))).toEqual({ show: [], close: [] });
    expect(alertPlan(new Set(['a']), withCalls(ringing('a', { state: 'active' })))).toEqual({
      show: [],
      close: ['a'],
    });
  });

  it('maps Answer and Decline to commands for that call', () => {
    expect(commandForAlertAction('a', 0)).toEqual({ kind: 'answer', callKey: 'a' });
    expect(commandForAlertAction('a', 1)).toEqual({ kind: 'decline', callKey: 'a' });
    expect(commandForAlertAction('a', 7)).toBeNull();
  });
});

const platform = Object.getOwnPropertyDescriptor(process, 'platform');
/** The OS the shell believes it runs on: buttons are shown on macOS and Windows only. */
function pretendPlatform(name: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: name });
}

describe('incoming-call notifications', () => {
  beforeEach(() => {
    resetElectronMock();
    pretendPlatform('win32');
  });
  afterEach(() => {
    if (platform) Object.defineProperty(process, 'platform', platform);
  });

  it('shows who is calling, with Answer and Decline, and answers from the button', () => {
    const { phone, sent } = notifications();
    phone.set(withCalls(ringing('call-1', { remoteName: 'Anna Petrova' })));
    const [shown] = Notification.created;
    expect(shown?.shown).toBe(true);
    expect(shown?.options).toMatchObject({ title: 'Incoming call: Anna Petrova', body: '+74951234567' });
    expect(shown?.options.actions?.map((button) => button.text)).toEqual(['Answer', 'Decline']);
    action(shown, 0);
    expect(sent).toEqual([{ kind: 'answer', callKey: 'call-1' }]);
  });

  it('speaks the agent’s language: a call that starts ringing after a switch is in the new one', () => {
    const { phone, language, sent } = notifications(true, 'ru');
    phone.set(withCalls(ringing('call-1', { remoteName: 'Анна Петрова' })));
    phone.set(
      withCalls(ringing('call-1', { remoteName: 'Анна Петрова' }), ringing('call-2', { remoteNumber: '' })),
    );
    expect(Notification.created.map((shown) => shown.options)).toMatchObject([
      {
        title: 'Входящий звонок: Анна Петрова',
        body: '+74951234567',
        actions: [{ text: 'Ответить' }, { text: 'Отклонить' }],
      },
      { title: 'Входящий звонок', body: 'Номер не определён' },
    ]);
    action(Notification.created[1], 0);
    expect(sent).toEqual([{ kind: 'answer', callKey: 'call-2' }]);
    language.set('pl');
    phone.set(withCalls(ringing('call-3')));
    expect(Notification.created[2]?.options).toMatchObject({
      title: 'Połączenie przychodzące',
      actions: [{ text: 'Odbierz' }, { text: 'Odrzuć' }],
    });
  });

  it('shows no buttons where the OS does not (Linux): a click opens the window', () => {
    pretendPlatform('linux');
    const { phone } = notifications();
    phone.set(withCalls(ringing('call-1')));
    expect(Notification.created[0]?.options.actions).toEqual([]);
  });

  it('declines from the second button', () => {
    const { phone, sent } = notifications();
    phone.set(withCalls(ringing('call-1')));
    action(Notification.created[0], 1);
    expect(sent).toEqual([{ kind: 'decline', callKey: 'call-1' }]);
  });

  it('closes the notification when the call is answered or ends, and never shows it twice', () => {
    const { phone } = notifications();
    phone.set(withCalls(ringing('call-1')));
    phone.set(withCalls(ringing('call-1')));
    expect(Notification.created).toHaveLength(1);
    phone.set(withCalls(ringing('call-1', { state: 'active' })));
    expect(Notification.created[0]?.closed).toBe(true);
    phone.set(withCalls(ringing('call-2')));
    phone.set(registered);
    expect(Notification.created.map((n) => n.closed)).toEqual([true, true]);
  });

  it('opens the window on a click, and on ring when the setting says so', () => {
    const eager = notifications(true);
    eager.phone.set(withCalls(ringing('call-1')));
    expect(eager.windowShown()).toBe(1);
    Notification.created[0]?.emit('click');
    expect(eager.windowShown()).toBe(2);
    resetElectronMock();
    const quiet = notifications(false);
    quiet.phone.set(withCalls(ringing('call-1')));
    expect(quiet.windowShown()).toBe(0);
  });

  it('does not notify for outgoing calls', () => {
    const { phone } = notifications();
    phone.set(withCalls(ringing('out', { direction: 'outgoing' })));
    expect(Notification.created).toHaveLength(0);
  });
});
