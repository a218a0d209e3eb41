import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../common/settings/settings';
import { headsetIntent } from '../../../renderer/app/headset-buttons';
import type { PhoneCall } from '../../../renderer/phone/phone';
import { phoneCall } from './phone-calls';

const withCalls = (...calls: PhoneCall[]) => ({
  registration: { kind: 'registered', server: 'ws://pbx', aor: 'sip:101@pbx', since: 0 } as const,
  settings: defaultSettings,
  calls: Object.fromEntries(calls.map((each) => [each.id, each])),
  crmNames: {},
});

describe('what the headset’s buttons do', () => {
  it('the call button (play or pause, as Chromium guesses) answers a ringing call', () => {
    for (const action of ['play', 'pause'] as const)
      expect(headsetIntent(action, withCalls(phoneCall('r', {})))).toEqual({
        kind: 'command',
        command: { kind: 'answer', callKey: 'r' },
      });
  });

  it('the call button hangs up the call in progress, or answers the one waiting', () => {
    const talking = phoneCall('a', { phase: 'active', ringingAt: 1 });
    expect(headsetIntent('pause', withCalls(talking))).toEqual({
      kind: 'command',
      command: { kind: 'hangup', callKey: 'a' },
    });
    expect(
      headsetIntent('play', withCalls(talking, phoneCall('w', { ringingAt: 2, waiting: true }))),
    ).toEqual({
      kind: 'command',
      command: { kind: 'answer', callKey: 'w' },
    });
  });

  it('stop and hang up end the call, or decline one that rings', () => {
    expect(headsetIntent('stop', withCalls(phoneCall('r', {})))).toEqual({
      kind: 'command',
      command: { kind: 'decline', callKey: 'r' },
    });
    expect(
      headsetIntent('hangup', withCalls(phoneCall('o', { direction: 'outgoing', phase: 'calling' }))),
    ).toEqual({
      kind: 'command',
      command: { kind: 'hangup', callKey: 'o' },
    });
  });

  it('the microphone toggle mutes and unmutes the call being talked on', () => {
    expect(headsetIntent('togglemicrophone', withCalls(phoneCall('a', { phase: 'active' })))).toEqual({
      kind: 'mute',
      callId: 'a',
      muted: true,
    });
    expect(
      headsetIntent('togglemicrophone', withCalls(phoneCall('a', { phase: 'active', muted: true }))),
    ).toEqual({
      kind: 'mute',
      callId: 'a',
      muted: false,
    });
    expect(headsetIntent('togglemicrophone', withCalls(phoneCall('r', {})))).toBeNull();
  });

  it('does nothing without a call, and ignores ended ones', () => {
    expect(headsetIntent('play', withCalls())).toBeNull();
    expect(headsetIntent('stop', withCalls(phoneCall('e', { phase: 'ended' })))).toBeNull();
  });
});
