import { mkdirSync } from 'node:fs';
import { defaultNumberRules } from '../../common/phone/phone-number';
import type { HostStatus } from '../../common/host-api/host-status';
import { BitrixLink } from './bitrix/bitrix-link';
import { BitrixTokenStore } from './bitrix/bitrix-tokens';
import { CallTracker } from './calls/call-tracker';
import type { HostApiHandlers } from './host-api/dispatcher';
import { HostEventBus } from './host-api/event-bus';
import type { Logger } from './log/logger';
import { InMemoryOutbox } from './outbox/in-memory-outbox';
import { ResponsibleLookup } from './bitrix/responsible-lookup';
import { RelayLink } from './relay/relay-link';
import { serveRelayCommands } from './relay/relay-commands';
import { SettingsStore } from './settings/settings-store';

export interface HostServicesOptions {
  /** The agent's profile folder: settings, tokens, journal, recordings. One per agent. */
  profileDir: string;
  log: Logger;
  /** Opens a URL in the agent's system browser (the relay sign-in page); Electron: shell.openExternal. */
  openExternal?: (url: string) => void | Promise<void>;
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
  const { profileDir, log } = options;
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const events = new HostEventBus();
  const settings = new SettingsStore(profileDir, log);
  const status = (): HostStatus => ({
    bitrix: link.state(),
    relay: relay.status(),
    pendingSteps: outbox.pending(),
  });
  const publishStatus = () => events.emit('status/changed', status());
  const relay = new RelayLink({
    profileDir,
    log,
    onChange: () => publishStatus(),
    onTokens: (tokens) => link.useTokens(tokens),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  });
  const link = new BitrixLink(new BitrixTokenStore(profileDir, log), publishStatus, relay.refresh);
  const relayCommands = serveRelayCommands(relay, events, log);
  const responsible = new ResponsibleLookup(() => link.client(), { numberRules: defaultNumberRules });
  const outbox = new InMemoryOutbox(
    () => link.client(),
    (report) => {
      link.delivered(report.error ? { ok: false, error: report.error } : { ok: true });
      publishStatus();
    },
    log,
  );
  const tracker = new CallTracker(
    () => {
      const client = link.client();
      if (!client) return null;
      const { cardPolicy, defaultLineNumber } = settings.get();
      return { userId: client.userId, cardPolicy, defaultLineNumber, numberRules: defaultNumberRules };
    },
    outbox,
    log,
  );

  const handlers: HostApiHandlers = {
    'settings/get': () => settings.get(),
    'settings/save': (next) => settings.save(next),
    'calls/report': (fact) => {
      const outcome = tracker.report(fact);
      publishStatus();
      return outcome;
    },
    'status/get': status,
    // The desktop shell observes this call for its chrome; the relay link takes the agent's presence from it.
    'phone/state': (state) => {
      relayCommands.presence({
        sipRegistered: state.registration === 'registered',
        busy: state.calls.length > 0,
        dnd: state.dnd,
      });
      return null;
    },
    'calls/responsible': async (phone) => {
      try {
        return await responsible.find(phone);
      } catch (error) {
        log.warn({ err: error }, 'responsible look-up failed');
        return null;
      }
    },
    'relay/sign-in': ({ relayUrl, portal }) => relay.signIn(relayUrl, portal),
    'relay/sign-out': async () => {
      await relay.signOut();
      return { ok: true as const };
    },
    'relay/accept-callback': (commandId) => relayCommands.acceptCallback(commandId),
    'relay/decline-callback': (commandId) => relayCommands.declineCallback(commandId),
  };
  return {
    handlers,
    events,
    close: () => {
      relay.close();
      return Promise.resolve();
    },
  };
}
