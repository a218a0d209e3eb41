import type {
  CallFact,
  CallOrigin,
  CrmEntity,
  RingingFact,
  TransferredFact,
} from '../../../common/calls/call-fact';
import { presetCallId } from '../../../common/calls/call-lifecycle';
import type { CallbackOfferCommand, ClickToCallCommand } from '../../../common/relay/hub-protocol';
import { clickToCallNumber } from '../../../common/phone/click-to-call-number';
import { classifyNumber, type ClassifiedNumber, type NumberRules } from '../../../common/phone/phone-number';
import type { Logger } from '../log/logger';
import type { RingGroupCoordinator } from './ring-group-coordinator';
import type { TransferHandoffLink } from './transfer-handoff-link';
import { Emitter, type Listenable } from '../../../common/events/emitter';

/** A call this app promised the relay to make (click-to-call won, callback accepted). */
interface Promised {
  origin: Extract<CallOrigin, { kind: 'click-to-call' | 'callback' }>;
  callbackId?: string;
  until: number;
}

/** What a transfer handoff needs to know of a customer call: the caller, the CALL_ID, the first answer. */
interface Leg {
  caller: string | null;
  callId?: string;
  answeredAt?: number;
  /** Adopted from a colleague's transfer: a leg that ends unanswered gives it back to the relay. */
  adopted: boolean;
  answered: boolean;
}

interface RingCall {
  externalCallId: string;
  role: 'claimant' | 'member' | 'alone';
  shared: boolean;
  answered: boolean;
}

export interface RelayCallRouterEvents {
  /** The accepted callback was called back: it leaves the relay's queue. */
  'callback-done': [callbackId: string];
}

export interface RelayCallRouterOptions {
  ringGroups: RingGroupCoordinator;
  /** Transfer handoffs through the relay; without it, every transferred leg is its own call. */
  transfers?: TransferHandoffLink;
  /** How long a call whose INVITE names a referrer waits for the transferring app's handoff. */
  referredWaitMs?: number;
  numberRules: () => NumberRules;
  log: Logger;
  /** How long a member waits for the claimant's CALL_ID before registering the call itself. */
  memberWaitMs?: number;
  now?: () => number;
}

const promiseLifetimeMs = 60_000;

/**
 * Between the phone's SIP facts and the call tracker when the relay is connected: it says why a
 * call exists (the tracker's `origin`) and keeps the relay informed.
 *
 * - An outgoing call to a number this app just took from the relay (click-to-call, callback) gets
 *   that origin: the phone only dials a number, the router knows the CALL_ID, call list and CRM
 *   entity behind it. A callback's end closes it at the relay.
 * - An incoming call is claimed by its external id first: the claimant registers it and shares
 *   the CALL_ID once the outbox has it; a member gets the `ring-group` origin with the claimant's
 *   CALL_ID (waiting `memberWaitMs` for it at most, else registering alone; a hub that connects
 *   again meanwhile claims again, the CALL_ID sent while it was down being lost). Answering tells the
 *   relay, which tells the other members; a leg that ends unanswered tells the relay it left.
 *
 * Facts of one call pass in the order they came, even while a claim is pending.
 */
export class RelayCallRouter {
  readonly #events = new Emitter<RelayCallRouterEvents>();
  readonly events: Listenable<RelayCallRouterEvents> = this.#events;
  readonly #promised = new Map<string, Promised[]>();
  readonly #callbacks = new Map<string, string>();
  readonly #ring = new Map<string, RingCall>();
  readonly #legs = new Map<string, Leg>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #callIds = new Map<string, { callId: string; at: number }>();
  readonly #waiters = new Map<string, Set<(callId: string) => void>>();

  constructor(private readonly options: RelayCallRouterOptions) {
    options.ringGroups.onCallId((externalCallId, callId) => this.#callIdHeard(externalCallId, callId));
    // A CALL_ID the relay sent while the hub was down never comes: the members waiting ask again.
    options.ringGroups.onConnected(() => {
      for (const externalCallId of this.#waiters.keys()) void this.#askCallId(externalCallId);
    });
  }

  #callIdHeard(externalCallId: string, callId: string): void {
    this.#callIds.set(externalCallId, { callId, at: this.#now() });
    for (const wake of this.#waiters.get(externalCallId) ?? []) wake(callId);
    this.#waiters.delete(externalCallId);
  }

  async #askCallId(externalCallId: string): Promise<void> {
    const { callId } = await this.options.ringGroups.claim(externalCallId);
    if (callId) this.#callIdHeard(externalCallId, callId);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** How this app reads a click's number (common/phone/click-to-call-number.ts). */
  clickToCallNumber(command: ClickToCallCommand): ClassifiedNumber {
    return clickToCallNumber(command, this.options.numberRules());
  }

  /** This app took a click-to-call: the next outgoing call to its number is that call. */
  promiseClickToCall(command: ClickToCallCommand): string | null {
    const crmEntity = crmEntityOf(command.crmEntityType, command.crmEntityId);
    return this.#promise(this.clickToCallNumber(command), {
      origin: {
        kind: 'click-to-call',
        callId: command.callId,
        ...(command.callListId !== undefined && command.callListId > 0
          ? { callListId: command.callListId }
          : {}),
        ...(crmEntity ? { crmEntity } : {}),
      },
      until: this.#now() + promiseLifetimeMs,
    });
  }

  /** This agent accepted a callback: the next outgoing call to its number is that callback. */
  promiseCallback(offer: CallbackOfferCommand): string | null {
    const crmEntity = crmEntityOf(offer.crmEntityType, offer.crmEntityId);
    return this.#promise(classifyNumber(offer.phoneNumber, this.options.numberRules()), {
      origin: {
        kind: 'callback',
        ...(crmEntity ? { crmEntity } : {}),
        ...(offer.lineNumber ? { lineNumber: offer.lineNumber } : {}),
      },
      callbackId: offer.callbackId,
      until: this.#now() + promiseLifetimeMs,
    });
  }

  /**
   * Runs `report` with the fact as the tracker should see it, after the facts of the same call
   * that came before it; then tells the relay what it needs to know.
   */
  route<T extends { accepted: boolean }>(fact: CallFact, report: (fact: CallFact) => T): Promise<T> {
    const previous = this.#queues.get(fact.callKey) ?? Promise.resolve();
    const next = previous.then(async () => {
      const routed =
        fact.type === 'ringing'
          ? await this.#ringing(fact)
          : fact.type === 'transferred'
            ? await this.#transferred(fact)
            : fact;
      const outcome = report(routed);
      if (outcome.accepted) this.#after(routed);
      return outcome;
    });
    const settled = next.catch(() => undefined);
    this.#queues.set(fact.callKey, settled);
    void settled.then(() => {
      if (this.#queues.get(fact.callKey) === settled) this.#queues.delete(fact.callKey);
    });
    return next;
  }

  /** The outbox learnt a call's CALL_ID: a claimant shares it with the ring group, once. */
  callIdKnown(callKey: string, callId: string): void {
    const leg = this.#legs.get(callKey);
    if (leg) leg.callId = callId;
    const ring = this.#ring.get(callKey);
    if (!ring || ring.role !== 'claimant' || ring.shared) return;
    ring.shared = true;
    this.options.ringGroups.registered(ring.externalCallId, callId);
  }

  async #ringing(fact: RingingFact): Promise<CallFact> {
    if (fact.origin) return fact;
    if (fact.direction === 'outgoing') {
      const promised = this.#take(fact.remoteNumber);
      if (!promised) return fact;
      if (promised.callbackId) this.#callbacks.set(fact.callKey, promised.callbackId);
      this.options.log.info(
        { callKey: fact.callKey, origin: promised.origin.kind },
        'outgoing call from the relay',
      );
      return { ...fact, origin: promised.origin };
    }
    // Claimed while the relay is asked about a handoff, so that a call nobody handed off waits for
    // one round trip, not two; a claim an adopted call leaves behind never gets a CALL_ID, and a
    // claim without one is never finished as missed.
    const externalCallId = fact.pbxCallId ?? fact.sipCallId;
    const claiming = this.options.ringGroups.claim(externalCallId);
    const adopted = await this.#adopt(fact);
    if (adopted) return adopted;
    const claim = await claiming;
    this.#ring.set(fact.callKey, { externalCallId, role: claim.role, shared: false, answered: false });
    if (claim.role === 'claimant') return { ...fact, origin: { kind: 'pbx', ringGroupClaimant: true } };
    if (claim.role !== 'member') return fact;
    const callId =
      claim.callId ??
      this.#callIds.get(externalCallId)?.callId ??
      (await this.#waitForCallId(externalCallId));
    if (!callId) {
      this.options.log.warn(
        { externalCallId },
        'ring group: no CALL_ID from the claimant in time, registering alone',
      );
      return fact;
    }
    return { ...fact, origin: { kind: 'ring-group', callId } };
  }

  /**
   * A call a colleague just transferred to this agent and handed off through the relay keeps its
   * CALL_ID: matched by the caller (the relay knows who it was handed to). An INVITE that names a
   * referrer waits `referredWaitMs` for a handoff still on its way; any other looks once.
   */
  async #adopt(fact: RingingFact): Promise<RingingFact | null> {
    const caller = this.#key(fact.remoteNumber);
    if (!caller || !this.options.transfers) return null;
    const waitMs = fact.referred ? (this.options.referredWaitMs ?? 5_000) : 0;
    const adopted = await this.options.transfers.adopt(caller, waitMs);
    if (!adopted) return null;
    this.options.log.info({ callKey: fact.callKey, callId: adopted.callId }, 'transferred call adopted');
    return { ...fact, origin: { kind: 'transfer', callId: adopted.callId, answeredAt: adopted.answeredAt } };
  }

  /** Hands a transferred customer call to the target's app: then it is theirs to finish. */
  async #transferred(fact: TransferredFact): Promise<TransferredFact> {
    const leg = this.#legs.get(fact.callKey);
    const targetUserId = fact.target.userId;
    if (!this.options.transfers || !leg?.caller || !leg.callId || leg.answeredAt === undefined) return fact;
    if (targetUserId === undefined) return fact;
    const handedOff = await this.options.transfers.handOff({
      callId: leg.callId,
      targetUserId,
      caller: leg.caller,
      answeredAt: leg.answeredAt,
      talkSeconds: Math.max(0, Math.round((fact.at - leg.answeredAt) / 1000)),
    });
    return handedOff ? { ...fact, handedOff: true } : fact;
  }

  #track(fact: CallFact): void {
    if (fact.type === 'ringing') {
      const origin = fact.origin;
      const callId = origin ? presetCallId(origin) : undefined;
      this.#legs.set(fact.callKey, {
        caller: this.#key(fact.remoteNumber),
        ...(callId ? { callId } : {}),
        ...(origin?.kind === 'transfer' ? { answeredAt: origin.answeredAt } : {}),
        adopted: origin?.kind === 'transfer',
        answered: false,
      });
      return;
    }
    const leg = this.#legs.get(fact.callKey);
    if (!leg) return;
    if (fact.type === 'answered') {
      leg.answered = true;
      leg.answeredAt ??= fact.at;
    }
    if (fact.type === 'ended') {
      // An adopted call nobody answered here is the relay's to finish.
      if (leg.adopted && !leg.answered && leg.callId) this.options.transfers?.left(leg.callId);
      this.#legs.delete(fact.callKey);
    }
  }

  #after(fact: CallFact): void {
    this.#track(fact);
    const ring = this.#ring.get(fact.callKey);
    if (fact.type === 'answered' && ring && ring.role !== 'alone') {
      ring.answered = true;
      void this.options.ringGroups.answered(ring.externalCallId);
    }
    if (fact.type === 'ended') {
      // Our leg ended unanswered: the relay judges whether the call was missed by the whole group.
      if (ring && ring.role !== 'alone' && !ring.answered) this.options.ringGroups.left(ring.externalCallId);
      this.#ring.delete(fact.callKey);
      const callbackId = this.#callbacks.get(fact.callKey);
      if (callbackId) {
        this.#callbacks.delete(fact.callKey);
        this.#events.emit('callback-done', callbackId);
      }
    }
  }

  #waitForCallId(externalCallId: string): Promise<string | undefined> {
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(externalCallId) ?? new Set<(callId: string) => void>();
      this.#waiters.set(externalCallId, waiters);
      const wake = (callId: string) => {
        clearTimeout(timer);
        resolve(callId);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        resolve(undefined);
      }, this.options.memberWaitMs ?? 3_000);
      waiters.add(wake);
    });
  }

  #key(number: string): string | null {
    return keyOf(classifyNumber(number, this.options.numberRules()));
  }

  #promise(number: ClassifiedNumber, promised: Promised): string | null {
    const key = keyOf(number);
    if (!key) {
      this.options.log.warn({ origin: promised.origin.kind }, 'relay call to a number the phone cannot dial');
      return null;
    }
    const list = (this.#promised.get(key) ?? []).filter((entry) => entry.until > this.#now());
    list.push(promised);
    this.#promised.set(key, list);
    return key;
  }

  #take(number: string): Promised | undefined {
    const key = this.#key(number);
    if (!key) return undefined;
    const list = (this.#promised.get(key) ?? []).filter((entry) => entry.until > this.#now());
    const taken = list.shift();
    if (list.length > 0) this.#promised.set(key, list);
    else this.#promised.delete(key);
    return taken;
  }
}

/** What a call is known by: E.164 or the extension; null for what cannot be dialled. */
function keyOf(classified: ClassifiedNumber): string | null {
  if (classified.kind === 'external') return classified.e164;
  if (classified.kind === 'internal') return classified.extension;
  return null;
}

function crmEntityOf(type: string | undefined, id: number | undefined): CrmEntity | undefined {
  if (type !== 'CONTACT' && type !== 'COMPANY' && type !== 'LEAD') return undefined;
  if (id === undefined || id <= 0) return undefined;
  return { type, id };
}
