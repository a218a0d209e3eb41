import path from 'node:path';
import type { LifecycleContext } from '../../common/calls/call-lifecycle';
import type { CallSummary } from '../../common/calls/call-summary';
import type { HostStatus } from '../../common/host-api/host-status';
import { summarizeCall } from '../../common/outbox/sync-state';
import { numberRulesOf } from '../../common/phone/dial-rules';
import type { NumberRules } from '../../common/phone/phone-number';
import type { RecordingSummary } from '../../common/recording/recording-summary';
import { BitrixLink } from './bitrix/bitrix-link';
import { bitrixTokenStore } from './bitrix/bitrix-tokens';
import { CrmSearch } from './bitrix/crm-search';
import { RateBudget } from './bitrix/rate-budget';
import { ResponsibleLookup } from './bitrix/responsible-lookup';
import { UserDirectory } from './bitrix/user-directory';
import { CallTracker } from './calls/call-tracker';
import { makeProfilePrivate } from './files/private-profile';
import { ChangeFeed } from './host-api/change-feed';
import { HostEventBus } from './host-api/event-bus';
import type { HostServicesOptions } from './host-services-options';
import { CallJournal, type CallWithSteps } from './journal/call-journal';
import { openJournalFile, type OpenedJournal } from './journal/journal-file';
import { Outbox } from './outbox/outbox';
import { AbandonedRecordings } from './recordings/abandoned-recordings';
import { RecordUploader } from './recordings/record-uploader';
import { MissedCallLeads } from './bitrix/missed-call-lead';
import { RecordingJournal, type RecordingRecord } from './recordings/recording-journal';
import { RecordingStore } from './recordings/recording-store';
import { Transcriber } from './recordings/transcriber';
import { RelayCallRouter } from './relay/relay-call-router';
import { serveRelayCommands, type RelayCommands } from './relay/relay-commands';
import { RelayLink } from './relay/relay-link';
import { TransferHandoffLink } from './relay/transfer-handoff-link';
import { RingGroupCoordinator } from './relay/ring-group-coordinator';
import { createFileSecretStore } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { SettingsStore } from './settings/settings-store';

/** The host's services, built and not yet wired to each other's events nor started. */
export interface HostGraph {
  readonly secrets: SecretStore;
  readonly events: HostEventBus;
  readonly settings: SettingsStore;
  readonly journalFile: OpenedJournal;
  readonly journal: CallJournal;
  readonly relay: RelayLink;
  readonly router: RelayCallRouter;
  readonly relayCommands: RelayCommands;
  readonly link: BitrixLink;
  readonly recordings: RecordingStore;
  readonly abandoned: AbandonedRecordings;
  readonly transcriber: Transcriber;
  readonly outbox: Outbox;
  readonly tracker: CallTracker;
  readonly crm: CrmSearch;
  readonly users: UserDirectory;
  readonly responsible: ResponsibleLookup;
  /** Tells the pages about a changed call or status, one turn later and coalesced (ChangeFeed). */
  readonly changes: ChangeFeed;
  /** Every number the host reads (calls for Bitrix24, the CRM, transfers, the relay's calls) is
   * read with the agent's dial rules in the country they name, else the portal's. */
  readonly numberRules: () => NumberRules;
  readonly summary: (call: CallWithSteps) => CallSummary;
  readonly status: () => HostStatus;
}

const historyJournalName = 'call-journal.sqlite';
const recordingsFolder = 'recordings';

/**
 * Builds the host's services in the order they need each other. No service is handed a callback
 * here: what one does when another changes is wired once all exist (host-wiring.ts).
 */
export function buildHostGraph(options: HostServicesOptions): HostGraph {
  const { profileDir, log } = options;
  makeProfilePrivate(profileDir);
  const secrets = options.secrets ?? createFileSecretStore(profileDir, log);
  const events = new HostEventBus();
  const settings = new SettingsStore(profileDir, secrets, log);

  const journalFile = openJournalFile(path.join(profileDir, historyJournalName), log, {
    ...(options.journal?.synchronous ? { synchronous: options.journal.synchronous } : {}),
  });
  const journal = new CallJournal(journalFile.db, process.pid, Date.now());

  // The relay link signs the agent in and brokers its tokens; the Bitrix24 link refreshes through it.
  const relay = new RelayLink({
    profileDir,
    secrets,
    log,
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  });
  const numberRules = () => numberRulesOf(settings.get().phone.dialRules, relay.country());
  // Calls from the relay get their origin, ring-group calls are claimed (see RelayCallRouter).
  const router = new RelayCallRouter({
    ringGroups: new RingGroupCoordinator(relay, log, options.relay?.claimTimeoutMs),
    transfers: new TransferHandoffLink(relay, log),
    numberRules,
    log,
    ...(options.relay?.memberWaitMs ? { memberWaitMs: options.relay.memberWaitMs } : {}),
  });
  const relayCommands = serveRelayCommands(
    relay,
    events,
    log,
    router,
    () => settings.get().phone.dialMobileClicks,
  );
  const link = new BitrixLink({
    tokens: bitrixTokenStore(profileDir, secrets, log),
    budget: new RateBudget({
      burst: options.bitrix?.rateLimit?.burst ?? 50,
      perSecond: options.bitrix?.rateLimit?.perSecond ?? 2,
    }),
    refresh: options.bitrix?.refresh ?? relay.refresh,
    ...(options.bitrix?.timeoutMs ? { timeoutMs: options.bitrix.timeoutMs } : {}),
  });

  const recordingJournal = new RecordingJournal(journalFile.db);
  const recordings = new RecordingStore({
    dir: path.join(profileDir, recordingsFolder),
    recordings: recordingJournal,
    calls: journal,
    settings: () => settings.get().recording,
    log,
  });
  const transcriber = new Transcriber({
    recordings: recordingJournal,
    calls: journal,
    pathOf: (file) => recordings.pathOf(file),
    url: () => settings.get().recording.transcriptionUrl,
    log,
    ...(options.recordings?.transcriptionRetryMs
      ? { retryDelayMs: options.recordings.transcriptionRetryMs }
      : {}),
  });
  // The CRM and the portal's users, asked with the agent's token and cached (rate limit).
  const crm = new CrmSearch(() => link.client(), { numberRules });
  const users = new UserDirectory(() => link.client());

  const outbox = new Outbox({
    journal,
    client: () => link.client(),
    log,
    missedCallLeads: new MissedCallLeads({ find: (phone) => crm.find(phone, { fresh: true }) }),
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
    log,
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
      numberRules(),
    ),
    recording: recordingSummary(recordings.get(call.callKey)),
  });
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
      journal: { setAside: journalFile.setAside },
      secrets: secrets.storage,
    };
  };
  const sendCall = (callKey: string) => {
    const call = journal.callWithSteps(callKey);
    if (!call) return;
    events.emit('calls/changed', summary(call));
    // A ring-group claimant shares the CALL_ID as soon as its register came back.
    if (call.callId) router.callIdKnown(callKey, call.callId);
  };

  return {
    secrets,
    events,
    settings,
    journalFile,
    journal,
    relay,
    router,
    relayCommands,
    link,
    recordings,
    abandoned: new AbandonedRecordings(recordings, options.recordings?.abandonAfterMs),
    transcriber,
    outbox,
    tracker,
    crm,
    users,
    responsible: new ResponsibleLookup(crm, users),
    changes: new ChangeFeed(sendCall, () => events.emit('status/changed', status())),
    numberRules,
    summary,
    status,
  };
}

export function recordingSummary(record: RecordingRecord | undefined): RecordingSummary | null {
  if (!record) return null;
  return {
    state: record.state,
    bytes: record.bytes,
    durationSec: Math.round(record.durationMs / 100) / 10,
    problem: record.problem,
  };
}
