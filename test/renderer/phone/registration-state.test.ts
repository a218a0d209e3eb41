import { describe, expect, it } from 'vitest';
import {
  defaultRetryPlanner,
  nextRegistration,
  type RegistrationEvent,
  type RegistrationState,
} from '../../../renderer/phone/registration-state';

const server = 'ws://pbx:8088';
const fixedDelay = () => 1_000;

function run(
  events: RegistrationEvent[],
  from: RegistrationState = { kind: 'unconfigured' },
): RegistrationState {
  return events.reduce((state, event) => nextRegistration(state, event, fixedDelay), from);
}

describe('registration state machine', () => {
  it('connects, registers and stays registered across refreshes', () => {
    const state = run([
      { type: 'start', server },
      { type: 'transport-up' },
      { type: 'registered', aor: 'sip:101@pbx', at: 10 },
      { type: 'registered', aor: 'sip:101@pbx', at: 20 },
    ]);
    expect(state).toEqual({ kind: 'registered', server, aor: 'sip:101@pbx', since: 20 });
  });

  it('plans a retry after each failure and counts the attempts', () => {
    const state = run([
      { type: 'start', server },
      { type: 'failed', failure: { kind: 'unreachable' }, at: 100 },
      { type: 'retry' },
      { type: 'failed', failure: { kind: 'unreachable' }, at: 2_000 },
    ]);
    expect(state).toEqual({
      kind: 'failed',
      server,
      failure: { kind: 'unreachable' },
      attempt: 2,
      retryAt: 3_000,
    });
  });

  it('starts counting again when a working registration is lost', () => {
    const state = run([
      { type: 'start', server },
      { type: 'failed', failure: { kind: 'unreachable' }, at: 1 },
      { type: 'retry' },
      { type: 'transport-up' },
      { type: 'registered', aor: 'sip:101@pbx', at: 5 },
      { type: 'failed', failure: { kind: 'connection-lost' }, at: 50 },
    ]);
    expect(state).toMatchObject({ kind: 'failed', attempt: 1, retryAt: 1_050 });
  });

  it('registers again when the connection comes back by itself', () => {
    const state = run([
      { type: 'start', server },
      { type: 'failed', failure: { kind: 'connection-lost' }, at: 1 },
      { type: 'transport-up' },
    ]);
    expect(state).toEqual({ kind: 'registering', server, attempt: 1 });
  });

  it('ignores late events of an abandoned attempt', () => {
    const stopped = run([{ type: 'start', server }, { type: 'stop' }]);
    expect(nextRegistration(stopped, { type: 'registered', aor: 'x', at: 1 })).toBe(stopped);
    expect(nextRegistration(stopped, { type: 'failed', failure: { kind: 'timeout' }, at: 1 })).toBe(stopped);
    const connecting = run([{ type: 'start', server }]);
    expect(nextRegistration(connecting, { type: 'registered', aor: 'x', at: 1 })).toBe(connecting);
    expect(nextRegistration(connecting, { type: 'retry' })).toBe(connecting);
  });

  it('plans no retry when the account cannot work at all', () => {
    const state = nextRegistration(
      { kind: 'connecting', server, attempt: 0 },
      { type: 'failed', failure: { kind: 'invalid-account', detail: 'x' }, at: 1 },
    );
    expect(state).toMatchObject({ kind: 'failed', retryAt: null });
  });
});

describe('defaultRetryPlanner', () => {
  it('comes back within about a second after a lost connection (a restarted PBX)', () => {
    const delay = defaultRetryPlanner({ kind: 'connection-lost' }, 1);
    expect(delay).toBeGreaterThanOrEqual(700);
    expect(delay).toBeLessThanOrEqual(1_000);
  });

  it('asks at most once a minute after a refused password', () => {
    expect(
      defaultRetryPlanner({ kind: 'auth', sipCode: 401, reasonPhrase: 'Unauthorized' }, 1),
    ).toBeGreaterThanOrEqual(48_000);
    expect(
      defaultRetryPlanner({ kind: 'forbidden', sipCode: 403, reasonPhrase: 'Forbidden' }, 1),
    ).toBeGreaterThanOrEqual(48_000);
  });

  it('treats server errors as passing trouble and other refusals as lasting', () => {
    expect(defaultRetryPlanner({ kind: 'refused', sipCode: 503, reasonPhrase: '' }, 1)).toBeLessThanOrEqual(
      1_000,
    );
    expect(
      defaultRetryPlanner({ kind: 'refused', sipCode: 404, reasonPhrase: '' }, 1),
    ).toBeGreaterThanOrEqual(48_000);
  });
});
