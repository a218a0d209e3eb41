import { beforeEach, describe, expect, it } from 'vitest';
import { initialPhoneState, type PhoneState } from '../../../common/phone/phone-state';
import type { AppLanguage } from '../../../common/settings/appearance-settings';
import { shellTexts } from '../../../main/shell/shell-texts';
import { setupTray } from '../../../main/shell/tray';
import type { TrayMenuItem } from '../../../main/shell/tray-menu';
import { trayColours, trayStatus, trayTooltip } from '../../../main/shell/tray-status';
import { WatchedValue } from '../../../main/shell/watched-value';
import { resetElectronMock, type Tray } from '../../mocks/electron';
import { registered, ringing, withCalls } from './phone-states';

function trayFor(initial: PhoneState, initialLanguage: AppLanguage = 'en') {
  const phone = new WatchedValue(initial);
  const language = new WatchedValue<AppLanguage>(initialLanguage);
  const done: string[] = [];
  const tray = setupTray(phone, language, {
    show: () => done.push('show'),
    setDnd: (on) => done.push(`dnd ${on}`),
    signOut: () => done.push('sign out'),
    quit: () => done.push('quit'),
  }) as unknown as Tray;
  const items = () => (tray.menu?.items ?? []) as TrayMenuItem[];
  const labels = () => items().flatMap((item) => (item.type === 'separator' ? [] : [item.label]));
  const click = (label: string) => {
    const item = items().find((entry) => entry.type !== 'separator' && entry.label === label);
    if (!item || item.type === 'separator') throw new Error(`no menu item ${label}`);
    item.click();
  };
  return { phone, language, tray, items, labels, click, done };
}

/** The BGRA colour drawn at the centre of an icon of that status. */
function bgra(status: keyof typeof trayColours): number[] {
  const [r, g, b] = trayColours[status];
  return [b, g, r, 255];
}

describe('tray status from phone state', () => {
  it.each([
    [registered, 'registered'],
    [{ ...registered, registration: 'failed' }, 'failing'],
    [{ ...registered, registration: 'registering' }, 'failing'],
    [{ ...registered, dnd: true }, 'dnd'],
    [{ ...registered, registration: 'failed', dnd: true }, 'dnd'],
    [initialPhoneState, 'not-configured'],
  ] as const)('%o -> %s', (state, status) => {
    expect(trayStatus(state)).toBe(status);
  });

  it('says the state and the number of calls in the tooltip', () => {
    const t = shellTexts('en');
    expect(trayTooltip(withCalls(ringing('a')), t)).toBe('b24phone: ready for calls, 1 call');
    expect(trayTooltip(withCalls(ringing('a'), ringing('b')), t)).toBe('b24phone: ready for calls, 2 calls');
    expect(trayTooltip({ ...registered, registration: 'failed' }, t)).toBe(
      'b24phone: not registered with the PBX',
    );
    expect(trayTooltip({ ...registered, registration: 'registering' }, t)).toBe(
      'b24phone: connecting to the PBX',
    );
  });

  it('says it in Russian with the plural form of the number', () => {
    const t = shellTexts('ru');
    const calls = (count: number) =>
      withCalls(...Array.from({ length: count }, (_, index) => ringing(`call-${index}`)));
    expect([1, 2, 5].map((count) => trayTooltip(calls(count), t))).toEqual([
      'b24phone: готов к звонкам, 1 звонок',
      'b24phone: готов к звонкам, 2 звонка',
      'b24phone: готов к звонкам, 5 звонков',
    ]);
    expect(trayTooltip(initialPhoneState, t)).toBe('b24phone: SIP-аккаунт не настроен');
  });
});

describe('tray icon and menu', () => {
  beforeEach(resetElectronMock);

  it('paints the icon in the colour of the registration and DND', () => {
    const { phone, tray } = trayFor(initialPhoneState);
    expect(tray.image.colourBgra).toEqual(bgra('not-configured'));
    phone.set(registered);
    expect(tray.image.colourBgra).toEqual(bgra('registered'));
    phone.set({ ...registered, registration: 'failed' });
    expect(tray.image.colourBgra).toEqual(bgra('failing'));
    expect(tray.tooltip).toBe('b24phone: not registered with the PBX');
    phone.set({ ...registered, dnd: true });
    expect(tray.image.colourBgra).toEqual(bgra('dnd'));
  });

  it('offers show, DND, sign out and quit, and does what each says', () => {
    const { click, done, items, labels, phone } = trayFor(registered);
    expect(labels()).toEqual(['ready for calls', 'Show b24phone', 'Do not disturb', 'Sign out', 'Quit']);
    click('Show b24phone');
    click('Do not disturb');
    phone.set({ ...registered, dnd: true });
    expect(items().find((item) => item.type === 'checkbox')).toMatchObject({ checked: true });
    click('Do not disturb');
    click('Sign out');
    click('Quit');
    expect(done).toEqual(['show', 'dnd true', 'dnd false', 'sign out', 'quit']);
  });

  it('speaks the agent’s language, and switches the moment the setting does', () => {
    const { labels, language, tray, click, done } = trayFor(registered, 'ru');
    expect(labels()).toEqual([
      'готов к звонкам',
      'Показать b24phone',
      'Не беспокоить',
      'Выйти из учётной записи',
      'Выход',
    ]);
    expect(tray.tooltip).toBe('b24phone: готов к звонкам');
    click('Показать b24phone');
    expect(done).toEqual(['show']);
    language.set('en');
    expect(labels()).toEqual(['ready for calls', 'Show b24phone', 'Do not disturb', 'Sign out', 'Quit']);
    expect(tray.tooltip).toBe('b24phone: ready for calls');
  });

  it('in a prepared language shows what is translated, the rest in English', () => {
    const { labels } = trayFor(registered, 'de');
    expect(labels()).toEqual(['ready for calls', 'b24phone anzeigen', 'Nicht stören', 'Abmelden', 'Beenden']);
  });

  it('disables DND and sign out while no account is set up', () => {
    const { items } = trayFor(initialPhoneState);
    expect(
      items()
        .filter((item) => item.type !== 'separator' && !item.enabled)
        .map((item) => item.type !== 'separator' && item.label),
    ).toEqual(['no SIP account set up', 'Do not disturb', 'Sign out']);
  });

  it('opens the window on a click on the icon', () => {
    const { tray, done } = trayFor(registered);
    tray.emit('click');
    expect(done).toEqual(['show']);
  });
});
