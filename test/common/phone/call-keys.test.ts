import { describe, expect, it } from 'vitest';
import { commandForCallKey } from '../../../common/phone/call-keys';
import { registered, ringing, withCalls } from '../../main/shell/phone-states';

describe('what a call key does', () => {
  it('answer picks the oldest ringing incoming call, or nothing', () => {
    expect(
      commandForCallKey('answer', withCalls(ringing('a', { state: 'active' }), ringing('b'), ringing('c'))),
    ).toEqual({ kind: 'answer', callKey: 'b' });
    expect(commandForCallKey('answer', registered)).toBeNull();
  });

  it('hang up ends the call in progress first, declines a lone ringing call, and cancels an outgoing one', () => {
    expect(commandForCallKey('hangUp', withCalls(ringing('r'), ringing('a', { state: 'held' })))).toEqual({
      kind: 'hangup',
      callKey: 'a',
    });
    expect(commandForCallKey('hangUp', withCalls(ringing('r')))).toEqual({ kind: 'decline', callKey: 'r' });
    expect(commandForCallKey('hangUp', withCalls(ringing('o', { direction: 'outgoing' })))).toEqual({
      kind: 'hangup',
      callKey: 'o',
    });
    expect(commandForCallKey('hangUp', registered)).toBeNull();
  });

  it('the headset’s call button answers while a call rings (a waiting one too), else hangs up', () => {
    expect(commandForCallKey('callButton', withCalls(ringing('r')))).toEqual({
      kind: 'answer',
      callKey: 'r',
    });
    expect(
      commandForCallKey('callButton', withCalls(ringing('a', { state: 'active' }), ringing('waiting'))),
    ).toEqual({ kind: 'answer', callKey: 'waiting' });
    expect(commandForCallKey('callButton', withCalls(ringing('a', { state: 'active' })))).toEqual({
      kind: 'hangup',
      callKey: 'a',
    });
    expect(commandForCallKey('callButton', withCalls(ringing('o', { direction: 'outgoing' })))).toEqual({
      kind: 'hangup',
      callKey: 'o',
    });
    expect(commandForCallKey('callButton', registered)).toBeNull();
  });
});
