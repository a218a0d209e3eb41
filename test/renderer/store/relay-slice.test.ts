import { describe, expect, it } from 'vitest';
import { relayDialOf, type HeardRelayDial } from '../../../renderer/store/relay-slice';

const heard: HeardRelayDial = { origin: 'click-to-call', number: '+79161234567', at: 1_000_000 };
const dials = { [heard.number]: heard };
const call = (ringingAt: number, direction: 'incoming' | 'outgoing' = 'outgoing') => ({
  direction,
  remoteNumber: '+79161234567',
  ringingAt,
});

describe('relayDialOf', () => {
  it('gives the outgoing call the phone dials right after the host’s word what it is for', () => {
    expect(relayDialOf(dials, call(heard.at + 40))).toBe(heard);
  });

  it('leaves alone incoming calls, other numbers and calls to the number made later by hand', () => {
    expect(relayDialOf(dials, call(heard.at + 40, 'incoming'))).toBeUndefined();
    expect(relayDialOf(dials, { ...call(heard.at + 40), remoteNumber: '+79990000000' })).toBeUndefined();
    expect(relayDialOf(dials, call(heard.at + 10 * 60_000))).toBeUndefined();
  });
});
