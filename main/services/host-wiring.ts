import type { BitrixTokens } from '../../common/bitrix/oauth-tokens';
import type { HostGraph } from './host-graph';
import type { Logger } from './log/logger';
import { journalMissedGroupCall } from './relay/missed-group-calls';

/**
 * What each service does when another changes, wired once the whole graph exists: the pages hear
 * of changed calls and status, new tokens resume delivery, new steps wake the outbox, a group call
 * the relay finished as missed under this agent joins the history.
 */
export function wireHostGraph(graph: HostGraph, log: Logger): void {
  const { relay, router, relayCommands, link, recordings, transcriber, outbox, tracker, changes, events } =
    graph;
  // The relay link hands new tokens to the Bitrix24 link (sign-in, or null after signing out).
  relay.events.on('change', () => changes.status());
  relay.events.on('tokens', (tokens) => {
    if (tokens) useBitrixTokens(graph, tokens);
    else {
      link.useTokens(null);
      changes.status();
    }
  });
  router.events.on('callback-done', (callbackId) => void relayCommands.callbackDone(callbackId));
  link.events.on('change', () => changes.status());
  recordings.events.on('queued', (callKey) => {
    outbox.wake();
    transcriber.wake();
    changes.call(callKey);
  });
  recordings.events.on('change', (callKey) => changes.call(callKey));
  transcriber.events.on('queued', (callKey) => {
    outbox.wake();
    changes.call(callKey);
  });
  outbox.events.on('report', (report) => {
    if (report.outcome) link.delivered(report.outcome);
    if (report.callKeys.some((callKey) => recordings.get(callKey)?.state === 'queued')) {
      enforceRecordingRetention(graph, log);
    }
    for (const callKey of report.callKeys) changes.call(callKey);
    changes.status();
  });
  tracker.events.on('steps', () => outbox.wake());
  // A group call missed under this agent: into the history, and the agent is told.
  relay.onNotice((notice) => {
    if (notice.kind !== 'missed-call') return;
    const callKey = journalMissedGroupCall(notice, tracker, log);
    if (!callKey) return;
    changes.call(callKey);
    events.emit('calls/missed', { callKey, remoteNumber: notice.phoneNumber });
  });
}

/** New Bitrix24 tokens from the relay link or a sign-in: stored, held delivery resumes. */
export function useBitrixTokens(graph: HostGraph, tokens: BitrixTokens): void {
  graph.link.useTokens(tokens);
  graph.outbox.resume();
  graph.changes.status();
}

/** Recordings past the retention policy leave the disk once their upload is done (or gone). */
export function enforceRecordingRetention(graph: HostGraph, log: Logger): void {
  const deleted = graph.recordings.enforceRetention((stepId) => {
    const step = graph.journal.step(stepId);
    return step === undefined || step.state === 'done';
  });
  if (deleted > 0) log.info({ deleted }, 'recordings removed by the retention policy');
}
