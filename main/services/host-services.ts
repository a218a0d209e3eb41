import path from 'node:path';
import type { BitrixTokens } from '../../common/bitrix/oauth-tokens';
import type { LifecycleContext } from '../../common/calls/call-lifecycle';
import type { CallSummary } from '../../common/calls/call-summary';
import type { HostStatus } from '../../common/host-api/host-status';
import { summarizeCall } from '../../common/outbox/sync-state';
import { numberRulesOf } from '../../common/phone/dial-rules';
import type { BackoffPolicy } from '../../common/outbox/retry-policy';
import { BitrixLink } from './bitrix/bitrix-link';
import { bitrixTokenStore } from './bitrix/bitrix-tokens';
import { RateBudget } from './bitrix/rate-budget';
import { CallTracker } from './calls/call-tracker';
import { afterThisTurn } from './host-api/after-this-turn';
import { ChangeFeed } from './host-api/change-feed';
import type { HostApiHandlers } from './host-api/dispatcher';
import { HostEventBus } from './host-api/event-bus';
import { CallJournal, type CallWithSteps } from './journal/call-journal';
import { openJournalFile, type JournalSynchronous } from './journal/journal-file';
import type { Logger } from './log/logger';
import { Outbox, type AttachmentUploader } from './outbox/outbox';
import { RecordUploader } from './recordings/record-uploader';
import { RecordingJournal, type RecordingRecord } from './recordings/recording-journal';
import { RecordingStore } from './recordings/recording-store';
import { Transcriber } from './recordings/transcriber';
import { CrmSearch } from './bitrix/crm-search';
import { ResponsibleLookup } from './bitrix/responsible-lookup';
import { UserDirectory } from './bitrix/user-directory';
import { withTransferTarget } from './calls/transfer-target';
import { withColleague } from './calls/colleague-call';
import { RelayCallRouter } from './relay/relay-call-router';
import { serveRelayCommands } from './relay/relay-commands';
import { RelayLink } from './relay/relay-link';
import { RingGroupCoordinator } from './relay/ring-group-coordinator';
import { SettingsStore } from './settings/settings-store';
import { makeProfilePrivate } from './files/private-profile';
import { createFileSecretStore } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import type { RecordingSummary } from '../../common/recording/recording-summary';

export interface HostServicesOptions {
  /** The agent's profile folder: settings, tokens, journal, recordings. One per agent. */
  profileDir: string;
  log: Logger;
  /** Where the SIP password, the relay session and the Bitrix24 token are kept: the desktop's OS
   * keychain (main/shell/safe-storage-secrets.ts); by default a 0600 file in the profile (web host). */
  secrets?: SecretStore;
  /** Opens a URL in the agent's system browser (the relay sign-in page); Electron: shell.openExternal. */
  openExternal?: (url: string) => void | Promise<void>;
  /** How long an incoming call waits for the relay's ring-group claim (default 1.5 s). */
  relay?: { claimTimeoutMs?: number };
  bitrix?: {
    /** Fresh tokens when the access token expired; the relay link's token broker unless given. */
    refresh?: () => Promise<BitrixTokens>;
    timeoutMs?: number;
    /** The portal's rate limit (Bitrix24: burst 50, 2 per second). */
    rateLimit?: { burst: number; perSecond: number };
  };
  outbox?: {
    stepBackoff?: BackoffPolicy;
    portalBackoff?: BackoffPolicy;
    concurrency?: number;
    lateRequestMs?: number;
    random?: () => number;
    uploader?: AttachmentUploader;
  };
  journal?: { synchronous?: JournalSynchronous; heartbeatMs?: number };
  recordings?: {
    /** Recordings up to this size go inline (FILE_CONTENT), larger ones through the uploadUrl. */
    inlineLimitBytes?: number;
    /** How long after its call ended a recording the renderer never finished is finalized. */
    abandonAfterMs?: number;
    /** Between tries of the transcription endpoint. */
    transcriptionRetryMs?: number;
  };
}

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

const historyJournalName = 'call-journal.sqlite';
const recordingsFolder = 'recordings';
/** Delivered calls older than this leave the journal at start-up. */
const historyRetentionMs = 180 * 24 * 3600 * 1000;

export function createHostServices(options: HostServicesOptions): HostServices {
  const { profileDir, log } = options;
  makeProfilePrivate(profileDir);
  const secrets = options.secrets ?? createFileSecretStore(profileDir, log);
  const events = new HostEventBus();
  const settings = new SettingsStore(profileDir, secrets, log);

  const opened = openJournalFile(path.join(profileDir, historyJournalName), log, {
    ...(options.journal?.synchronous ? { synchronous: options.journal.synchronous } : {}),
  });
  const journal = new CallJournal(opened.db, process.pid, Date.now());
  const pruned = journal.prune(Date.now() - historyRetentionMs);
  if (pruned > 0) log.info({ pruned }, 'old delivered calls pruned from the journal');

  const budget = new RateBudget({
    burst: options.bitrix?.rateLimit?.burst ?? 50,
    perSecond: options.bitrix?.rateLimit?.perSecond ?? 2,
  });
  // The relay link signs the agent in and brokers its tokens; it hands new tokens to the Bitrix24
  // link (sign-in, or null after signing out) and refreshes them for it.
  const relay = new RelayLink({
    profileDir,
    secrets,
    log,
    onChange: () => publishStatus(),
    onTokens: (tokens) => {
      if (tokens) useBitrixTokens(tokens);
      else {
        link.useTokens(null);
        publishStatus();
      }
    },
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  });
  // Every number the host reads (calls for Bitrix24, the CRM, transfers, the relay's calls) is read
  // with the agent's dial rules in the country they name, else the portal's.
  const numberRules = () => numberRulesOf(settings.get().phone.dialRules, relay.country());
  // Calls from the relay get their origin, ring-group calls are claimed (see RelayCallRouter).
  const router = new RelayCallRouter({
    ringGroups: new RingGroupCoordinator(relay, log, options.relay?.claimTimeoutMs),
    numberRules,
    callbackDone: (callbackId) => void relayCommands.callbackDone(callbackId),
    log,
  });
  const link = new BitrixLink({
    tokens: bitrixTokenStore(profileDir, secrets, log),
    budget,
    onChange: () => publishStatus(),
    refresh: options.bitrix?.refresh ?? relay.refresh,
    ...(options.bitrix?.timeoutMs ? { timeoutMs: options.bitrix.timeoutMs } : {}),
  });

  const summary = (call: CallWithSteps): CallSummary => ({
    ...summarizeCall(
      call.state,
      call.callId,
      call.steps.map((step) => ({
        id: step.id,
        kind: step.step.kind,
        state: step.state,
        attempts: step.attempts,
        lastError: step.lastError,
        notBefore: step.notBefore,
      })),
      outbox.state().state === 'sign-in-required',
    ),
    recording: recordingSummary(recordings.get(call.callKey)),
  });
  const sendCall = (callKey: string) => {
    const call = journal.callWithSteps(callKey);
    if (!call) return;
    events.emit('calls/changed', summary(call));
    // A ring-group claimant shares the CALL_ID as soon as its register came back.
    if (call.callId) router.callIdKnown(callKey, call.callId);
  };
  const status = (): HostStatus => {
    const outboxState = outbox.state();
    const error = outboxState.lastError;
    return {
      bitrix: link.state(),
      relay: relay.status(),
      pendingSteps: journal.waitingSteps(),
      outbox: {
        state: outboxState.state,
        waitingCalls: journal.waitingCalls(),
        lastError: error ? error.description || error.code || error.kind : null,
        nextAttemptAt: outboxState.nextAttemptAt,
      },
      journal: { setAside: opened.setAside },
      secrets: secrets.storage,
    };
  };
  const changes = new ChangeFeed(sendCall, () => events.emit('status/changed', status()));
  const publishCall = (callKey: string) => changes.call(callKey);
  const publishStatus = () => changes.status();

  const recordingJournal = new RecordingJournal(opened.db);
  const recordings = new RecordingStore({
    dir: path.join(profileDir, recordingsFolder),
    recordings: recordingJournal,
    calls: journal,
    settings: () => settings.get().recording,
    log,
    onQueued: (callKey) => {
      outbox.wake();
      transcriber.wake();
      publishCall(callKey);
    },
    onChange: (callKey) => publishCall(callKey),
  });
  const transcriber = new Transcriber({
    recordings: recordingJournal,
    calls: journal,
    pathOf: (file) => recordings.pathOf(file),
    url: () => settings.get().recording.transcriptionUrl,
    log,
    onQueued: (callKey) => {
      outbox.wake();
      publishCall(callKey);
    },
    ...(options.recordings?.transcriptionRetryMs
      ? { retryDelayMs: options.recordings.transcriptionRetryMs }
      : {}),
  });
  const abandonTimers = new Set<NodeJS.Timeout>();
  const retention = () => {
    const deleted = recordings.enforceRetention((stepId) => {
      const step = journal.step(stepId);
      return step === undefined || step.state === 'done';
    });
    if (deleted > 0) log.info({ deleted }, 'recordings removed by the retention policy');
  };

  const outbox = new Outbox({
    journal,
    client: () => link.client(),
    log,
    onReport: (report) => {
      if (report.outcome) link.delivered(report.outcome);
      if (report.callKeys.some((callKey) => recordings.get(callKey)?.state === 'queued')) retention();
      for (const callKey of report.callKeys) publishCall(callKey);
      publishStatus();
    },
    uploader: new RecordUploader({
      pathOf: (file) => recordings.pathOf(file),
      ...(options.recordings?.inlineLimitBytes !== undefined
        ? { inlineLimitBytes: options.recordings.inlineLimitBytes }
        : {}),
    }),
    ...options.outbox,
  });

  const contextFor = (userId: number): LifecycleContext => {
    const { cardPolicy, defaultLineNumber: own, crmCreate } = settings.get();
    // The agent's own line, else the one the relay gives them: LINE_NUMBER without typing it.
    const defaultLineNumber = own || relay.line() || '';
    return { userId, cardPolicy, defaultLineNumber, crmCreate, numberRules: numberRules() };
  };
  const tracker = new CallTracker({
    journal,
    // Signed out (the relay lost the grant, or the agent signed out): calls are still journaled,
    // for the agent this profile's calls belong to, and wait for the next sign-in.
    context: () => {
      const userId = link.client()?.userId ?? journal.lastUserId();
      return userId === null ? null : contextFor(userId);
    },
    contextFor,
    onSteps: () => outbox.wake(),
    log,
  });

  // Start-up: close what a dead process left open, put back what it was sending, then deliver.
  const recovered = tracker.recoverDangling();
  const interrupted = journal.requeueAfterRestart(Date.now());
  if (recovered > 0 || interrupted > 0) log.warn({ recovered, interrupted }, 'journal recovered at start-up');
  // Then the recordings: half-written ones are closed, those of finished calls queued.
  const reopened = recordings.recover();
  if (reopened > 0) log.warn({ recordings: reopened }, 'recordings recovered at start-up');
  retention();
  outbox.start();
  transcriber.wake();
  // While calls are live, the journal learns every second that this process still runs: if it
  // dies, their duration is known to within that second. Idle, nothing is written.
  const heartbeat = setInterval(() => {
    if (tracker.liveCalls > 0) journal.heartbeat(Date.now());
    journal.flushToDisk();
  }, options.journal?.heartbeatMs ?? 1_000);
  heartbeat.unref();

  const relayCommands = serveRelayCommands(
    relay,
    events,
    log,
    router,
    () => settings.get().phone.dialMobileClicks,
  );
  // Everything that hears the relay link is wired: a session from the last run reconnects now.
  relay.start();
  // The CRM and the portal's users, asked with the agent's token and cached (rate limit).
  const crm = new CrmSearch(() => link.client(), { numberRules });
  const users = new UserDirectory(() => link.client());
  const responsible = new ResponsibleLookup(crm, users);

  function useBitrixTokens(tokens: BitrixTokens): void {
    link.useTokens(tokens);
    outbox.resume();
    publishStatus();
  }

  /** The renderer finishes a leg's recording right after the hangup; if it never does (it went
   * away), the host closes the file itself. */
  function closeRecordingLater(callKey: string): void {
    recordings.callEnded(callKey);
    const timer = setTimeout(() => {
      abandonTimers.delete(timer);
      recordings.abandon(callKey);
    }, options.recordings?.abandonAfterMs ?? 30_000);
    timer.unref();
    abandonTimers.add(timer);
  }

  const handlers: HostApiHandlers = {
    'settings/get': () => settings.get(),
    'settings/save': (next) => settings.save(next),
    // Through the relay router: it gives calls from the relay their origin and claims ring-group calls.
    // A transfer to an extension learns the target's Bitrix24 user first (show for them), and a
    // new call with an extension learns whether it is a colleague's (then no customer call).
    'calls/report': async (fact) => {
      const lookUp = { userFor: (ext: string) => users.userFor(ext), numberRules: numberRules(), log };
      const outcome = await router.route(
        await withColleague(await withTransferTarget(fact, lookUp), lookUp),
        (routed) => {
          const reported = tracker.report(routed);
          if (reported.accepted) publishCall(routed.callKey);
          if (reported.accepted && routed.type === 'ended') closeRecordingLater(routed.callKey);
          publishStatus();
          return reported;
        },
      );
      // The page draws a new call once it has this answer (renderer/phone/sipjs-phone.ts): given
      // after this turn of the event loop, it lets the register the fact caused leave first.
      await afterThisTurn();
      return outcome;
    },
    'calls/history': ({ limit, before }) => journal.history(limit, before).map(summary),
    'outbox/retry': (stepId) => ({ retried: outbox.retry(stepId) }),
    'bitrix/tokens-updated': (tokens) => {
      useBitrixTokens(tokens);
      return { ok: true as const };
    },
    'status/get': status,
    'recording/start': ({ callKey }) => recordings.start(callKey),
    'recording/append': ({ callKey, offset, data }) =>
      recordings.append(callKey, offset, Buffer.from(data, 'base64')),
    'recording/finish': ({ callKey }) => recordingSummary(recordings.finish(callKey)),
    'recording/read': ({ callKey, offset, length }) => {
      const slice = recordings.read(callKey, offset, length);
      return slice ? { data: slice.data.toString('base64'), total: slice.total } : null;
    },
    // The desktop shell observes this call for its chrome; the relay link takes the agent's presence from it.
    'phone/state': (state) => {
      relayCommands.presence({
        sipRegistered: state.registration === 'registered',
        busy: state.calls.length > 0,
        dnd: state.dnd,
      });
      return null;
    },
    'calls/caller-name': async (phone) => {
      try {
        return await crm.nameOf(phone);
      } catch (error) {
        log.warn({ err: error }, 'caller name look-up failed');
        return null;
      }
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
    'relay/callbacks': () => Promise.resolve(relayCommands.callbacks()),
  };

  let closed = false;
  return {
    handlers,
    events,
    useBitrixTokens,
    async close() {
      if (closed) return;
      closed = true;
      relay.close();
      clearInterval(heartbeat);
      for (const timer of abandonTimers) clearTimeout(timer);
      transcriber.stop();
      await outbox.stop();
      changes.flush();
      recordings.close();
      journal.closeSession(Date.now());
      opened.db.close();
    },
  };
}

function recordingSummary(record: RecordingRecord | undefined): RecordingSummary | null {
  if (!record) return null;
  return {
    state: record.state,
    bytes: record.bytes,
    durationSec: Math.round(record.durationMs / 100) / 10,
    problem: record.problem,
  };
}
