import { afterThisTurn } from './host-api/after-this-turn';
import type { HostApiHandlers } from './host-api/dispatcher';
import { withColleague } from './calls/colleague-call';
import { withTransferTarget } from './calls/transfer-target';
import { recordingSummary, type HostGraph } from './host-graph';
import { useBitrixTokens } from './host-wiring';
import type { Logger } from './log/logger';

/** The host API's methods (common/host-api/contract.ts), each answered by the graph's services. */
export function createHostHandlers(graph: HostGraph, log: Logger): HostApiHandlers {
  const { settings, router, tracker, journal, outbox, recordings, relay, relayCommands, changes } = graph;
  // A look-up the card can do without: a failure is logged and the card shows no answer.
  const orNothing = async <T>(lookUp: () => Promise<T>, what: string): Promise<T | null> => {
    try {
      return await lookUp();
    } catch (error) {
      log.warn({ err: error }, `${what} look-up failed`);
      return null;
    }
  };
  return {
    'settings/get': () => settings.get(),
    'settings/save': (next) => settings.save(next),
    // Through the relay router: it gives calls from the relay their origin and claims ring-group calls.
    // A transfer to an extension learns the target's Bitrix24 user first (show for them), and a
    // new call with an extension learns whether it is a colleague's (then no customer call).
    'calls/report': async (fact) => {
      const lookUp = {
        userFor: (ext: string) => graph.users.userFor(ext),
        numberRules: graph.numberRules(),
        log,
      };
      const outcome = await router.route(
        await withColleague(await withTransferTarget(fact, lookUp), lookUp),
        (routed) => {
          const reported = tracker.report(routed);
          if (reported.accepted) changes.call(routed.callKey);
          if (reported.accepted && routed.type === 'ended') graph.abandoned.callEnded(routed.callKey);
          changes.status();
          return reported;
        },
      );
      // The page draws a new call once it has this answer (renderer/phone/sipjs-phone.ts): given
      // after this turn of the event loop, it lets the register the fact caused leave first.
      await afterThisTurn();
      return outcome;
    },
    'calls/history': ({ limit, before }) => journal.history(limit, before).map(graph.summary),
    'outbox/retry': (stepId) => ({ retried: outbox.retry(stepId) }),
    'bitrix/tokens-updated': (tokens) => {
      useBitrixTokens(graph, tokens);
      return { ok: true as const };
    },
    'status/get': graph.status,
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
    'calls/caller-name': (phone) => orNothing(() => graph.crm.nameOf(phone), 'caller name'),
    'calls/responsible': (phone) => orNothing(() => graph.responsible.find(phone), 'responsible'),
    'relay/sign-in': ({ relayUrl, portal }) => relay.signIn(relayUrl, portal),
    'relay/sign-out': async () => {
      await relay.signOut();
      return { ok: true as const };
    },
    'relay/accept-callback': (commandId) => relayCommands.acceptCallback(commandId),
    'relay/decline-callback': (commandId) => relayCommands.declineCallback(commandId),
    'relay/callbacks': () => Promise.resolve(relayCommands.callbacks()),
  };
}
