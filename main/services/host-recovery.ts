import type { HostGraph } from './host-graph';
import { enforceRecordingRetention } from './host-wiring';
import type { Logger } from './log/logger';

/** Delivered calls older than this leave the journal at start-up. */
const historyRetentionMs = 180 * 24 * 3600 * 1000;

/**
 * Start-up, before anything is delivered: close what a dead process left open, put back what it
 * was sending, then the recordings - half-written ones closed, those of finished calls queued.
 */
export function recoverAtStartUp(graph: HostGraph, log: Logger): void {
  const { journal, tracker, recordings } = graph;
  const pruned = journal.prune(Date.now() - historyRetentionMs);
  if (pruned > 0) log.info({ pruned }, 'old delivered calls pruned from the journal');
  const recovered = tracker.recoverDangling();
  const interrupted = journal.requeueAfterRestart(Date.now());
  if (recovered > 0 || interrupted > 0) log.warn({ recovered, interrupted }, 'journal recovered at start-up');
  const reopened = recordings.recover();
  if (reopened > 0) log.warn({ recordings: reopened }, 'recordings recovered at start-up');
  enforceRecordingRetention(graph, log);
}
