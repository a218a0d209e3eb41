import { beforeEach, describe, expect, it } from 'vitest';
import { initialPhoneState, type PhoneState } from '../../../common/phone/phone-state';
import { setupTray } from '../../../main/shell/tray';
import type { TrayMenuItem } from '../../../main/shell/tray-menu';
import { trayColours, trayStatus, trayTooltip } from '../../../main/shell/tray-status';
import { WatchedValue } from '../../../main/shell/watched-value';
import { resetElectronMock, type Tray } from '../../mocks/electron';
import { registered, ringing, withCalls } from './phone-states';

function trayFor(initial: PhoneState) {
  const phone = new WatchedValue(initial);
  const done: string[] = [];
  const tray = setupTray(phone, {
    show: () => done.push('show'),
    setDnd: (on) => done.push(`dnd ${on}`),
    signOut: () => done.push('sign out'),
    quit: () => done.push('quit'),
  }) as unknown as Tray;
  const items = () => (tray.menu?.items ?? []) as TrayMenuItem[];
  const click = (label: string) => {
    const item = items().find((entry) => entry.type !== 'separator' && entry.label === label);
    if (!item || item.type === 'separator') throw new Error(`no menu item ${label}`);
    item.click();
  };
  return { phone, tray, items, click, done };
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
    expect(trayTooltip(withCalls(ringing('a')))).toBe('b24phone: ready for calls, 1 call(s)');
    expect(trayTooltip({ ...registered, registration: 'failed' })).toBe(
      'b24phone: not registered with the PBX',
    );
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
    const { click, done, items, phone } = trayFor(registered);
    expect(items().flatMap((item) => (item.type === 'separator' ? [] : [item.label]))).toEqual([
      'ready for calls',
      'Show b24phone',
      'Do not disturb',
      'Sign out',
      'Quit',
    ]);
    click('Show b24phone');
    click('Do not disturb');
    phone.set({ ...registered, dnd: true });
    expect(items().find((item) => item.type === 'checkbox')).toMatchObject({ checked: true });
    click('Do not disturb');
    click('Sign out');
    click('Quit');
    expect(done).toEqual(['show', 'dnd true', 'dnd false', 'sign out', 'quit']);
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
