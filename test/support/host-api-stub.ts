import { idleHostStatus } from '../../common/host-api/host-status';
import { defaultSettings } from '../../common/settings/settings';
import type { HostApiHandlers } from '../../main/services/host-api/dispatcher';

/**
 * Host API handlers that answer every method with an idle, empty result, for tests of the parts
 * that carry host calls (dispatcher, IPC, shell observers) rather than the services behind them.
 * A test overrides the methods it looks at; a new host method is added here once.
 */
export function stubHostApiHandlers(overrides: Partial<HostApiHandlers> = {}): HostApiHandlers {
  return {
    'settings/get': () => defaultSettings,
    'settings/save': (settings) => settings,
    'calls/report': () => ({ accepted: true }),
    'calls/history': () => [],
    'outbox/retry': () => ({ retried: false }),
    'bitrix/tokens-updated': () => ({ ok: true }),
    'status/get': () => idleHostStatus,
    'phone/state': () => null,
    'recording/start': () => ({ ok: true, bytes: 0 }),
    'recording/append': () => ({ ok: true, bytes: 0 }),
    'recording/finish': () => null,
    'recording/read': () => null,
    'calls/caller-name': () => null,
    'calls/responsible': () => null,
    'relay/sign-in': () => ({
      authorizeUrl: 'https://relay.example/agent/sign-in/confirm',
      userCode: '1234-5678',
      opened: true,
    }),
    'relay/sign-out': () => ({ ok: true as const }),
    'relay/accept-callback': () => ({ outcome: 'unknown' as const }),
    'relay/decline-callback': () => ({ ok: false }),
    'relay/callbacks': () => ({ queue: null, offers: [] }),
    ...overrides,
  };
}
