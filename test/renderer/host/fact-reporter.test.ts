import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallFact } from '../../../common/calls/call-fact';
import { buildHostApi } from '../../../common/host-api/host-api';
import { FactReporter } from '../../../renderer/host/fact-reporter';

/** A host whose answers the test gives by hand, one pending call at a time. */
function manualHost() {
  const received: CallFact[] = [];
  const pending: Array<{ resolve: (outcome: unknown) => void; reject: (error: Error) => void }> = [];
  const host = buildHostApi({
    invoke: (_method, args) => {
      received.push(args[0] as CallFact);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
    subscribe: () => () => {},
  });
  return { host, received, answer: () => pending.shift()! };
}

const ringing: CallFact = {
  type: 'ringing',
  callKey: 'leg-1',
  direction: 'incoming',
  sipCallId: 'sip-call-id@pbx',
  remoteNumber: '+79161234567',
  at: 1_000,
};
const answered: CallFact = { type: 'answered', callKey: 'leg-1', at: 2_000 };

function watch(promise: Promise<void>) {
  const seen = { taken: false };
  void promise.then(() => (seen.taken = true));
  return seen;
}

describe('FactReporter (SIP facts to the host)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tells that the host has a fact only once the host answered for it, in order', async () => {
    const { host, received, answer } = manualHost();
    const reporter = new FactReporter(host);
    const first = watch(reporter.report(ringing));
    const second = watch(reporter.report(answered));
    await vi.advanceTimersByTimeAsync(0);
    expect(received).toEqual([ringing]);
    expect(first.taken).toBe(false);

    answer().resolve({ accepted: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(first.taken).toBe(true);
    expect(second.taken).toBe(false);
    expect(received).toEqual([ringing, answered]);

    // A refused fact was still answered for: it is not held back, nor sent again.
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    answer().resolve({ accepted: false, reason: 'duplicate' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(second.taken).toBe(true);
    expect(received).toEqual([ringing, answered]);
    warnings.mockRestore();
  });

  it('keeps a fact, and its promise, until an unreachable host takes it', async () => {
    const { host, received, answer } = manualHost();
    const reporter = new FactReporter(host);
    const fact = watch(reporter.report(ringing));
    await vi.advanceTimersByTimeAsync(0);
    answer().reject(new Error('The connection to the host was lost'));
    await vi.advanceTimersByTimeAsync(199);
    expect(fact.taken).toBe(false);
    expect(received).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1);
    expect(received).toEqual([ringing, ringing]);
    answer().resolve({ accepted: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(fact.taken).toBe(true);
  });

  it('drops a fact that breaks the contract at once, without sending it or holding later ones', async () => {
    const { host, received, answer } = manualHost();
    const reporter = new FactReporter(host);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = watch(reporter.report({ ...ringing, remoteNumber: 'x'.repeat(10_000) }));
    const next = watch(reporter.report(ringing));
    await vi.advanceTimersByTimeAsync(0);
    expect(broken.taken).toBe(true);
    expect(received).toEqual([ringing]);
    answer().resolve({ accepted: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(next.taken).toBe(true);
    errors.mockRestore();
  });
});
