import { backoffDelay, networkBackoff, refusalBackoff } from './backoff';

/**
 * Why the phone is not registered, in terms the agent (and the status bar) can act on.
 *
 * - `unreachable`: the WebSocket to the PBX could not be opened (address, firewall, PBX down).
 * - `connection-lost`: it was open and closed, or the keep-alive went unanswered.
 * - `timeout`: the PBX never answered the REGISTER.
 * - `auth`: the PBX refused our digest credentials (401/407 after we answered the challenge).
 * - `forbidden`: 403, the account exists but may not register here.
 * - `refused`: any other final error response.
 * - `invalid-account`: the settings cannot even form a SIP address; nothing to retry.
 */
export type RegistrationFailure =
  | { kind: 'unreachable' }
  | { kind: 'connection-lost' }
  | { kind: 'timeout' }
  | { kind: 'auth'; sipCode: number; reasonPhrase: string }
  | { kind: 'forbidden'; sipCode: number; reasonPhrase: string }
  | { kind: 'refused'; sipCode: number; reasonPhrase: string }
  | { kind: 'invalid-account'; detail: string };

/**
 * Registration with the PBX, as the status bar shows it. `attempt` counts retries since the last
 * success; `retryAt` (epoch ms) is when the next one starts, null when none is planned.
 *
 *   from                            event          to
 *   any                             start          connecting (attempt 0)
 *   connecting                      transport-up   registering
 *   registering, registered         registered     registered
 *   connecting, registering         failed         failed (attempt + 1, retry planned by retryDelay)
 *   registered                      failed         failed (attempt 1: it had been working)
 *   registered                      transport-up   registering (a new connection registers again)
 *   failed                          retry          connecting (retry timer, "Retry now", wake-up, network back)
 *   failed                          transport-up   registering (the connection came back by itself)
 *   any                             stop           unconfigured
 *
 * Anything else leaves the state as it is (a late event of an abandoned attempt changes nothing).
 */
export type RegistrationState =
  | { kind: 'unconfigured' }
  | { kind: 'connecting'; server: string; attempt: number }
  | { kind: 'registering'; server: string; attempt: number }
  | { kind: 'registered'; server: string; aor: string; since: number }
  | {
      kind: 'failed';
      server: string;
      failure: RegistrationFailure;
      attempt: number;
      retryAt: number | null;
    };

export type RegistrationEvent =
  | { type: 'start'; server: string }
  | { type: 'transport-up' }
  | { type: 'registered'; aor: string; at: number }
  | { type: 'failed'; failure: RegistrationFailure; at: number }
  | { type: 'retry' }
  | { type: 'stop' };

/** How long to wait before retry number `attempt` after `failure`; null: do not retry by ourselves. */
export type RetryPlanner = (failure: RegistrationFailure, attempt: number) => number | null;

export const defaultRetryPlanner: RetryPlanner = (failure, attempt) => {
  switch (failure.kind) {
    case 'invalid-account':
      return null;
    case 'auth':
    case 'forbidden':
      return backoffDelay(refusalBackoff, attempt);
    case 'refused':
      // 5xx, 408 and 480 are the server's passing trouble; other refusals need a person.
      return failure.sipCode >= 500 || failure.sipCode === 408 || failure.sipCode === 480
        ? backoffDelay(networkBackoff, attempt)
        : backoffDelay(refusalBackoff, attempt);
    case 'unreachable':
    case 'connection-lost':
    case 'timeout':
      return backoffDelay(networkBackoff, attempt);
  }
};

export function nextRegistration(
  state: RegistrationState,
  event: RegistrationEvent,
  planRetry: RetryPlanner = defaultRetryPlanner,
): RegistrationState {
  switch (event.type) {
    case 'start':
      return { kind: 'connecting', server: event.server, attempt: 0 };
    case 'stop':
      return { kind: 'unconfigured' };
    case 'transport-up':
      if (state.kind === 'connecting' || state.kind === 'failed' || state.kind === 'registered')
        return {
          kind: 'registering',
          server: state.server,
          attempt: state.kind === 'registered' ? 0 : state.attempt,
        };
      return state;
    case 'registered':
      if (state.kind === 'registering' || state.kind === 'registered')
        return { kind: 'registered', server: state.server, aor: event.aor, since: event.at };
      return state;
    case 'failed': {
      if (state.kind === 'unconfigured') return state;
      const attempt = state.kind === 'registered' ? 1 : state.attempt + 1;
      const delay = planRetry(event.failure, attempt);
      return {
        kind: 'failed',
        server: state.server,
        failure: event.failure,
        attempt,
        retryAt: delay === null ? null : event.at + delay,
      };
    }
    case 'retry':
      if (state.kind === 'failed')
        return { kind: 'connecting', server: state.server, attempt: state.attempt };
      return state;
  }
}
