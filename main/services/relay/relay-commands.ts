import type {
  CallbackOfferCommand,
  ClickToCallCommand,
  HubRequestResult,
  Presence,
  QueuedCallback,
} from '../../../common/relay/hub-protocol';
import { outgoingLinePattern } from '../../../common/phone/phone-command';
import type { ClassifiedNumber } from '../../../common/phone/phone-number';
import type { RelayDial } from '../../../common/relay/relay-dial';
import type { HostEventBus } from '../host-api/event-bus';
import type { Logger } from '../log/logger';
import type { RelayLink } from './relay-link';

export interface RelayCommands {
  presence(presence: Presence): void;
  acceptCallback(commandId: string): Promise<HubRequestResult<'command/accept'>>;
  declineCallback(commandId: string): Promise<{ ok: boolean }>;
  /** The accepted callback was dialled and finished (or given up on): it leaves the relay's queue. */
  callbackDone(callbackId: string): Promise<boolean>;
  /**
   * The last queue the relay sent (null: none since start or since the session ended) and the
   * offers still open, for a page that (re)loads: the relay pushes changes only.
   */
  callbacks(): { queue: QueuedCallback[] | null; offers: CallbackOfferCommand[] };
}

/** Where calls promised to the relay are remembered, so the tracker knows them when dialled. */
export interface PromisedCalls {
  /** How this app reads a click's number (its number rules); `invalid`: it cannot dial it. */
  clickToCallNumber(command: ClickToCallCommand): ClassifiedNumber;
  /** Returns the number to dial (E.164 or extension), or null when the phone cannot dial it. */
  promiseClickToCall(command: ClickToCallCommand): string | null;
  promiseCallback(offer: CallbackOfferCommand): string | null;
}

/**
 * What the host does with the relay's commands. A click-to-call is taken when this app's phone is
 * registered - at once, or when it registers (first app to accept wins; a phone that does not
 * register in time leaves it to another app of the agent or to the relay's 480) - and the phone is
 * told to dial it (`phone/command`). Callback
 * offers wait for the agent's decision; an accepted one is dialled the same way. The queue and
 * withdrawals go to the renderer as they come.
 */
export function serveRelayCommands(
  relay: RelayLink,
  events: HostEventBus,
  log: Logger,
  calls?: PromisedCalls,
  dialMobileClicks: () => boolean = () => false,
): RelayCommands {
  let sipRegistered = false;
  const offers = new Map<string, CallbackOfferCommand>();
  let queue: QueuedCallback[] | null = null;
  // The page learns what the call is for first, then the phone dials it.
  const dial = (
    number: string | null,
    shown: Omit<RelayDial, 'number'>,
    extension?: string,
    lineNumber?: string,
  ) => {
    if (!number) return;
    events.emit('relay/dial', { ...shown, number });
    // The extension the CRM wrote after the number is dialled as DTMF once the far end answers.
    const digits = (extension ?? '').replace(/[^0-9*#]/g, '').slice(0, 32);
    // The clicked line goes out with the call, for the PBX's caller ID; a value no header could
    // carry safely is left out (the PBX then uses its default).
    const line = lineNumber && outgoingLinePattern.test(lineNumber) ? lineNumber : undefined;
    events.emit('phone/command', {
      kind: 'dial',
      number,
      ...(digits ? { dtmfOnAnswer: digits } : {}),
      ...(line ? { lineNumber: line } : {}),
    });
  };
  let reported = '';

  // Click-to-calls that came while the phone was not registered (e.g. resumed as the app starts,
  // before its SIP registration): taken once it registers, unless they lapse or go elsewhere first.
  const unregistered = new Map<string, ClickToCallCommand>();
  const take = (command: ClickToCallCommand) => {
    const hub = relay.hub();
    if (!hub) return;
    // Clicked in the Bitrix24 mobile app: not this desktop's to dial unless the agent said so; left
    // to another app of the agent or to the relay, which finishes it when nobody takes it.
    if (command.isMobile && !dialMobileClicks()) {
      log.info({ callId: command.callId }, 'click-to-call from the mobile app: not dialled here');
      events.emit('relay/mobile-click-left', { phoneNumber: command.phoneNumber });
      return;
    }
    // A number this app cannot dial is refused: the relay finishes the call with 404 and why, and
    // the agent learns why the click did nothing.
    const number = calls?.clickToCallNumber(command);
    if (number?.kind === 'invalid') {
      log.warn(
        { callId: command.callId, code: number.code },
        'click-to-call to a number this app cannot dial',
      );
      const reason = `b24phone cannot dial "${command.phoneNumber}" with this agent's dial rules: ${number.reason}`;
      events.emit('relay/click-to-call-refused', {
        phoneNumber: command.phoneNumber,
        code: number.code,
        reason,
      });
      hub
        .request('command/refuse', { commandId: command.id, reason: reason.slice(0, 255) })
        .catch((error: unknown) =>
          log.warn({ err: error, callId: command.callId }, 'click-to-call not refused at the relay'),
        );
      return;
    }
    hub
      .request('command/accept', { commandId: command.id })
      .then(({ outcome }) => {
        log.info({ callId: command.callId, outcome }, 'click-to-call');
        if (outcome !== 'yours') return;
        dial(
          calls ? calls.promiseClickToCall(command) : command.phoneNumber,
          {
            origin: 'click-to-call',
            ...crmOf(command),
            ...(command.callListId !== undefined ? { callListId: command.callListId } : {}),
          },
          command.extension,
          command.lineNumber,
        );
      })
      .catch((error: unknown) => log.warn({ err: error, callId: command.callId }, 'click-to-call not taken'));
  };

  relay.onCommand((command) => {
    if (command.kind === 'callback-offer') {
      offers.set(command.id, command);
      events.emit('relay/callback-offer', command);
      return;
    }
    if (sipRegistered) take(command);
    else {
      log.warn({ callId: command.callId }, 'click-to-call waits: the phone is not registered');
      unregistered.set(command.id, command);
    }
  });

  relay.onNotice((notice) => {
    if (notice.kind === 'callbacks') {
      queue = notice.callbacks;
      events.emit('relay/callbacks', notice.callbacks);
    } else if (notice.kind === 'session-ended') {
      queue = null;
      offers.clear();
      unregistered.clear();
    } else if (notice.kind === 'click-to-call-refused') {
      events.emit('relay/click-to-call-refused', {
        phoneNumber: notice.phoneNumber,
        code: notice.code,
        reason: notice.reason,
      });
    } else if (notice.kind === 'command-withdrawn') {
      offers.delete(notice.commandId);
      unregistered.delete(notice.commandId);
      events.emit('relay/command-withdrawn', { commandId: notice.commandId, reason: notice.reason });
    }
  });

  return {
    presence(presence) {
      sipRegistered = presence.sipRegistered;
      if (sipRegistered) {
        const now = Date.now();
        for (const command of unregistered.values()) if (command.expiresAt > now) take(command);
        unregistered.clear();
      }
      // The phone reports every change of its state; the relay hears only changes of presence.
      const next = JSON.stringify(presence);
      if (next === reported) return;
      reported = next;
      relay.setPresence(presence);
    },
    async acceptCallback(commandId) {
      const hub = relay.hub();
      if (!hub) return { outcome: 'unknown' };
      const offer = offers.get(commandId);
      offers.delete(commandId);
      const answer = await hub.request('command/accept', { commandId });
      if (answer.outcome === 'yours' && offer) {
        dial(calls ? calls.promiseCallback(offer) : offer.phoneNumber, {
          origin: 'callback',
          ...crmOf(offer),
          text: offer.text,
          ...(offer.voice ? { voice: offer.voice } : {}),
        });
      }
      return answer;
    },
    async declineCallback(commandId) {
      const hub = relay.hub();
      if (!hub) return { ok: false };
      offers.delete(commandId);
      return hub.request('command/decline', { commandId });
    },
    async callbackDone(callbackId) {
      const hub = relay.hub();
      if (!hub) return false;
      try {
        return (await hub.request('callback/done', { callbackId })).ok;
      } catch (error) {
        log.warn({ err: error, callbackId }, 'callback not closed at the relay');
        return false;
      }
    },
    callbacks() {
      const now = Date.now();
      return { queue, offers: [...offers.values()].filter((offer) => offer.expiresAt > now) };
    },
  };
}

function crmOf(command: { crmEntityType?: string | undefined; crmEntityId?: number | undefined }) {
  return {
    ...(command.crmEntityType ? { crmEntityType: command.crmEntityType } : {}),
    ...(command.crmEntityId !== undefined ? { crmEntityId: command.crmEntityId } : {}),
  };
}
