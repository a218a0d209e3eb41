import type { BitrixTokens } from '../../common/bitrix/oauth-tokens';
import type { HostApiHandlers } from './host-api/dispatcher';
import type { HostEventBus } from './host-api/event-bus';
import { buildHostGraph } from './host-graph';
import { createHostHandlers } from './host-handlers';
import { recoverAtStartUp } from './host-recovery';
import type { HostServicesOptions } from './host-services-options';
import { useBitrixTokens, wireHostGraph } from './host-wiring';

/**
 * Everything the host does for the renderer, independent of how it is reached: Electron's main
 * process (main/shell) and the web host (main/web-host) both create exactly this and only wire
 * `handlers` to their transport and `events` to their windows or tabs.
 */
export interface HostServices {
  readonly handlers: HostApiHandlers;
  readonly events: HostEventBus;
  /** New Bitrix24 tokens from the relay link or a sign-in: stored, held delivery resumes. */
  useBitrixTokens(tokens: BitrixTokens): void;
  close(): Promise<void>;
}

/**
 * The host's services built (host-graph.ts), wired to each other (host-wiring.ts), recovered from
 * the last run (host-recovery.ts), then started; the host API answered by host-handlers.ts.
 */
export function createHostServices(options: HostServicesOptions): HostServices {
  const { log } = options;
  const graph = buildHostGraph(options);
  wireHostGraph(graph, log);
  recoverAtStartUp(graph, log);

  const { journal, journalFile, tracker, outbox, transcriber, relay, recordings, abandoned, changes } = graph;
  outbox.start();
  transcriber.wake();
  // While calls are live, the journal learns every second that this process still runs: if it
  // dies, their duration is known to within that second. Idle, nothing is written.
  const heartbeat = setInterval(() => {
    if (tracker.liveCalls > 0) journal.heartbeat(Date.now());
    journal.flushToDisk();
  }, options.journal?.heartbeatMs ?? 1_000);
  heartbeat.unref();
  // Everything that hears the relay link is wired: a session from the last run reconnects now.
  relay.start();

  let closed = false;
  return {
    handlers: createHostHandlers(graph, log),
    events: graph.events,
    useBitrixTokens: (tokens) => useBitrixTokens(graph, tokens),
    async close() {
      if (closed) return;
      closed = true;
      relay.close();
      clearInterval(heartbeat);
      abandoned.stop();
      transcriber.stop();
      await outbox.stop();
      changes.flush();
      recordings.close();
      journal.closeSession(Date.now());
      journalFile.db.close();
    },
  };
}
