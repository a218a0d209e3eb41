import { mkdirSync } from 'node:fs';
import type { HostApiHandlers } from './host-api/dispatcher';
import { HostEventBus } from './host-api/event-bus';
import type { Logger } from './log/logger';
import { SettingsStore } from './settings/settings-store';

export interface HostServicesOptions {
  /** The agent's profile folder: settings, tokens, journal, recordings. One per agent. */
  profileDir: string;
  log: Logger;
}

/**
 * Everything the host does for the renderer, independent of how it is reached: Electron's main
 * process (main/shell) and the web host (main/web-host) both create exactly this and only wire
 * `handlers` to their transport and `events` to their windows or tabs.
 */
export interface HostServices {
  readonly handlers: HostApiHandlers;
  readonly events: HostEventBus;
  close(): Promise<void>;
}

export function createHostServices(options: HostServicesOptions): HostServices {
  mkdirSync(options.profileDir, { recursive: true, mode: 0o700 });
  const events = new HostEventBus();
  const settings = new SettingsStore(options.profileDir, options.log);
  const handlers: HostApiHandlers = {
    'settings/get': () => settings.get(),
    'settings/save': (next) => settings.save(next),
    'calls/report': () => ({ accepted: false, reason: 'call tracking is not wired yet' }),
    'status/get': () => ({ bitrix: { state: 'not-configured' }, pendingSteps: 0 }),
    // The phone's state only drives desktop chrome (tray, notifications); the desktop shell observes
    // this call, and no service needs it.
    'phone/state': () => null,
  };
  return {
    handlers,
    events,
    close: () => Promise.resolve(),
  };
}
