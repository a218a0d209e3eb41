import type { HubCommand } from '../../common/relay/hub-protocol';

/**
 * What the relay keeps, behind interfaces so one relay can run on SQLite (embedded, the default:
 * stores/sqlite) and several relays can share PostgreSQL (stores/postgres, docs/relay.md#several-instances). Every
 * method is async for that reason, and every operation that decides a race - first acceptance of a
 * command, first claim of a ring-group call, first delivery of an event - is one atomic call here,
 * never a read followed by a write in the caller.
 *
 * Times are epoch milliseconds.
 */

/** A Bitrix24 portal where the application is installed, keyed by member_id. */
export interface Portal {
  memberId: string;
  domain: string;
  clientEndpoint: string;
  serverEndpoint: string;
  /** Proves an event comes from this portal's installation; compared in constant time. */
  applicationToken: string;
  /** The installing administrator's tokens: the relay's own REST calls for this portal. */
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  scope: string;
  installedAt: number;
}

export interface PortalTokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
}

export interface PortalStore {
  /** Inserts or replaces the portal (a reinstall brings a new application_token and tokens). */
  save(portal: Portal): Promise<void>;
  get(memberId: string): Promise<Portal | null>;
  findByDomain(domain: string): Promise<Portal | null>;
  list(): Promise<Portal[]>;
  updateTokens(memberId: string, tokens: PortalTokens): Promise<void>;
  remove(memberId: string): Promise<boolean>;
}

/** One user's OAuth grant, held by the relay for an agent session: never leaves the relay whole. */
export interface UserGrant {
  memberId: string;
  userId: number;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  clientEndpoint: string;
  serverEndpoint: string;
  domain: string;
  scope: string;
  status: string;
}

/** An app's sign-in to the relay: random, stored only as a hash, bound to one portal and one user. */
export interface AgentSession {
  id: string;
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
  grant: UserGrant;
}

export interface SessionStore {
  create(session: AgentSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<AgentSession | null>;
  updateGrant(sessionId: string, grant: UserGrant): Promise<void>;
  /**
   * Runs `refresh` on the session's grant as stored now, while no other caller - in any relay
   * sharing the store - runs it for that session, and stores the grant it returns unless that is
   * the one it was given. Bitrix24's refresh tokens are single-use: a second relay refreshing with
   * the same one would get invalid_grant. Null when the session is gone; nothing is stored when
   * `refresh` throws.
   */
  refreshGrant(
    sessionId: string,
    refresh: (current: UserGrant) => Promise<UserGrant>,
  ): Promise<UserGrant | null>;
  remove(sessionId: string): Promise<boolean>;
  /** Removes every session of a portal, or of one user there; returns the removed ids. */
  removeFor(memberId: string, userId?: number): Promise<string[]>;
  list(memberId?: string): Promise<AgentSession[]>;
  removeExpired(now: number): Promise<string[]>;
}

/** A sign-in started by an app and finished in the agent's browser. */
export interface Pairing {
  id: string;
  /** Hash of the secret the app polls with. */
  pollTokenHash: string;
  /** Hash of the OAuth `state` the portal sends back (a placeholder until the agent confirms). */
  stateHash: string;
  memberId: string;
  /** Shown on the confirmation page and in the app, to be compared by the agent. */
  userCode: string;
  deviceName?: string;
  /** When the agent continued from the confirmation page to the portal (once only). */
  confirmedAt?: number;
  createdAt: number;
  expiresAt: number;
  status: 'pending' | 'authorized' | 'failed';
  grant?: UserGrant;
  failure?: string;
}

export interface PairingStore {
  create(pairing: Pairing): Promise<void>;
  get(id: string): Promise<Pairing | null>;
  findByStateHash(stateHash: string): Promise<Pairing | null>;
  /** Sets the OAuth state when the agent continues to the portal; false if already confirmed or not pending. */
  confirm(id: string, stateHash: string, at: number): Promise<boolean>;
  /** pending -> authorized or failed; false when it was not pending any more (the state was reused). */
  settle(id: string, outcome: { grant: UserGrant } | { failure: string }): Promise<boolean>;
  /** Removes it and says whether it was there: a pairing completes a sign-in at most once. */
  take(id: string): Promise<boolean>;
  removeExpired(now: number): Promise<number>;
}

/**
 * pending -> accepted   an app took it (first acceptance wins)
 * pending -> declined   the agent refused a callback offer
 * pending -> expiring   its time ran out; the relay still owes Bitrix24 a finish (click-to-call)
 * expiring -> expired   the finish went through (or was not needed)
 */
export type CommandState = 'pending' | 'accepted' | 'declined' | 'expiring' | 'expired';

/** A command for an agent's apps, kept until one app settles it or it expires. */
export interface PendingCommand {
  id: string;
  memberId: string;
  userId: number;
  command: HubCommand;
  createdAt: number;
  expiresAt: number;
  state: CommandState;
  settledBy?: string;
  /** Why the relay closed it itself (becomes FAILED_REASON of the finish it owes). */
  reason?: string;
  /** The STATUS_CODE of that finish; 480 unless given. */
  statusCode?: FinishStatus;
}

/** How the relay finishes a click-to-call no app dialled: 480 nobody took it, 404 its number is not dialable. */
export type FinishStatus = '480' | '404';

export interface CommandStore {
  /** Stores it; false (and nothing changed) when a command with its id is stored already. */
  add(command: PendingCommand): Promise<boolean>;
  get(id: string): Promise<PendingCommand | null>;
  pendingFor(memberId: string, userId: number, now: number): Promise<PendingCommand[]>;
  /** from -> to, atomically: true only for the first caller (first acceptance wins). */
  transition(id: string, from: CommandState, to: CommandState, by?: string): Promise<boolean>;
  /**
   * pending -> accepted by `by`, atomically and in one statement (one round trip on PostgreSQL),
   * when the command is the agent's (`owner`) and still open at `now`: `won` for the first caller
   * only (first acceptance wins); `command` as it was when this call decided, so a caller that did
   * not win sees whose acceptance won (null: no such command).
   */
  accept(
    id: string,
    owner: { memberId: string; userId: number },
    by: string,
    now: number,
  ): Promise<{ won: boolean; command: PendingCommand | null }>;
  /** pending -> expiring with the finish the relay then owes, atomically (an app could not dial it). */
  refuse(id: string, reason: string, statusCode: FinishStatus, by: string): Promise<boolean>;
  /** Pending commands whose time is up and expiring ones still owing a finish, oldest first. */
  due(now: number, limit: number): Promise<PendingCommand[]>;
  /**
   * Takes the right to send the finish an expiring command owes until `until`: true for `holder`
   * when nobody else holds it now, so of several relays sweeping at once one alone finishes it.
   */
  leaseFinish(id: string, holder: string, now: number, until: number): Promise<boolean>;
  prune(settledBefore: number): Promise<number>;
}

/** A key to record in the dedupe store, and until when. */
export interface DedupeKey {
  key: string;
  expiresAt: number;
}

export interface DedupeStore {
  /** Records the key; true the first time it is seen before `expiresAt`, false for a repeat. */
  firstSeen(key: string, expiresAt: number): Promise<boolean>;
  /**
   * `firstSeen(key)` and, in the same atomic call (one round trip on PostgreSQL), `firstSeen` of
   * `ifFirst` when `key` was new or of `ifRepeat` when it was not (none when null): whether `key`
   * was new, and whether the key recorded after it was.
   */
  firstSeenThen(
    key: string,
    expiresAt: number,
    ifFirst: DedupeKey | null,
    ifRepeat: DedupeKey | null,
  ): Promise<[boolean, boolean]>;
  prune(now: number): Promise<number>;
}

export type CallbackState = 'waiting' | 'offered' | 'accepted';

/** A CRM callback request waiting for an agent (ONEXTERNALCALLBACKSTART). */
export interface CallbackEntry {
  id: string;
  memberId: string;
  phoneNumber: string;
  text: string;
  voice?: string;
  crmEntityType?: string;
  crmEntityId?: number;
  lineNumber?: string;
  requestedAt: number;
  state: CallbackState;
  offeredTo?: number;
  offerCommandId?: string;
  offerExpiresAt?: number;
  /** Agents who declined (or let the offer lapse) in the current round. */
  declinedBy: number[];
  roundStartedAt: number;
  assignedTo?: number;
}

export interface CallbackQueue {
  /** Stores it; false (and nothing changed) when an entry with its id is queued already. */
  enqueue(entry: CallbackEntry): Promise<boolean>;
  get(id: string): Promise<CallbackEntry | null>;
  /** Every entry of a portal, oldest request first. */
  list(memberId: string): Promise<CallbackEntry[]>;
  /** Portals with at least one waiting entry. */
  portalsWaiting(): Promise<string[]>;
  /** waiting -> offered to the user; false if someone else changed it first. */
  offer(id: string, userId: number, commandId: string, expiresAt: number): Promise<boolean>;
  /** offered (to that user) -> waiting, the user counted as having declined this round. */
  decline(id: string, userId: number): Promise<boolean>;
  /** offered (to that user) -> accepted. */
  accept(id: string, userId: number): Promise<boolean>;
  /** Starts a new round: nobody has declined yet. */
  newRound(id: string, now: number): Promise<void>;
  remove(id: string): Promise<boolean>;
  /** Waiting entries requested before `before` are given up; returns them. */
  expire(before: number): Promise<CallbackEntry[]>;
}

/** One physical ring-group call as its members' apps claim it (docs/ARCHITECTURE.md#ring-group). */
export interface RingClaim {
  memberId: string;
  externalCallId: string;
  claimantUserId: number;
  callId?: string;
  answeredBy?: number;
  members: number[];
  /** Members whose leg ended unanswered, and when the latest of them left. */
  left?: number[];
  leftAt?: number;
  /** The relay finished it as missed. */
  missedFinished?: true;
  createdAt: number;
}

export interface RingGroupClaims {
  /**
   * Creates the claim with this user as claimant, or joins the existing one as a member while it
   * rings. A claim after the call was answered learns the CALL_ID and who answered but does not
   * join: the call is no longer offered to anyone. A repeat claim by a member or the claimant
   * changes nothing and answers with the claim as it is.
   */
  claim(
    memberId: string,
    externalCallId: string,
    userId: number,
    now: number,
  ): Promise<{ role: 'claimant' | 'member'; claim: RingClaim }>;
  /**
   * The claimant's CALL_ID; null unless `userId` is the claimant. The first one stays: a repeat, or
   * another CALL_ID, changes nothing and answers with the claim as it is.
   */
  setCallId(
    memberId: string,
    externalCallId: string,
    userId: number,
    callId: string,
  ): Promise<RingClaim | null>;
  /** First answer wins; null when the call was never claimed or `userId` is not one of its members. */
  answer(
    memberId: string,
    externalCallId: string,
    userId: number,
  ): Promise<{ first: boolean; claim: RingClaim } | null>;
  /** This member's leg ended unanswered; null when `userId` is not one of its members. */
  leave(memberId: string, externalCallId: string, userId: number, now: number): Promise<RingClaim | null>;
  /**
   * Calls nobody answered, with a CALL_ID and not yet finished as missed, whose every member left
   * before `leftBefore` (the PBX did not move on to another member in time), or first claimed
   * before `claimedBefore` (whatever their members' apps said).
   */
  missed(leftBefore: number, claimedBefore: number): Promise<RingClaim[]>;
  /** Marks it finished as missed; false when it already was (the finish happens once). */
  markMissedFinished(memberId: string, externalCallId: string): Promise<boolean>;
  prune(createdBefore: number): Promise<number>;
}

/**
 * A transferred call handed from one agent's app to another's (docs/ARCHITECTURE.md#transfer): the
 * target's app adopts its CALL_ID instead of registering the transferred call again.
 *
 * open -> adopted      the target's app took it when the transferred call rang there
 * open -> finishing    nobody adopted it in time: the relay owes its finish
 * adopted -> finishing the target's leg ended unanswered: the relay owes its finish
 * finishing -> finished the relay's finish went through (or was refused for good)
 */
export type HandoffState = 'open' | 'adopted' | 'finishing' | 'finished';

export interface TransferHandoff {
  memberId: string;
  callId: string;
  /** Who transferred it: the relay finishes it under this user when the target never takes it. */
  fromUserId: number;
  targetUserId: number;
  /** The customer's number as the apps key it (E.164 or the extension). */
  caller: string;
  /** When the call was first answered (epoch ms, the transferring app's clock). */
  answeredAt: number;
  /** Talk seconds until the transfer: the DURATION the relay finishes with. */
  talkSeconds: number;
  state: HandoffState;
  createdAt: number;
}

export interface TransferHandoffs {
  /** Stores it `open`, replacing an earlier handoff of the same CALL_ID (a call transferred again). */
  handOff(handoff: TransferHandoff): Promise<void>;
  /**
   * The newest `open` handoff to this user of a call from `caller` made at or after `since`,
   * moved to `adopted` - one adopter however many ask at once; null when there is none.
   */
  adopt(
    memberId: string,
    targetUserId: number,
    caller: string,
    since: number,
  ): Promise<TransferHandoff | null>;
  /** Moves it `from -> to` (only when its target is `targetUserId`, if given); null when it was not `from`. */
  transition(
    memberId: string,
    callId: string,
    from: HandoffState,
    to: HandoffState,
    targetUserId?: number,
  ): Promise<TransferHandoff | null>;
  /** Handoffs the relay must finish: `finishing` ones, and `open` ones made before `openBefore`. */
  due(openBefore: number): Promise<TransferHandoff[]>;
  prune(createdBefore: number): Promise<number>;
}

/** A token bucket's shape: `ratePerSecond` sustained, `burst` at once. */
export interface BucketShape {
  ratePerSecond: number;
  burst: number;
}

/** Token buckets by key, kept where every relay sharing the store counts in the same ones. */
export interface SharedRateLimits {
  /** Refills `key`'s bucket for the time since it was last used and takes one request; false when it is empty. One atomic call. */
  take(key: string, shape: BucketShape, now: number): Promise<boolean>;
  /** Forgets the buckets that are full again by `now` (forgetting one changes nothing). */
  prune(now: number): Promise<number>;
}

export interface RelayStores {
  portals: PortalStore;
  sessions: SessionStore;
  pairings: PairingStore;
  commands: CommandStore;
  dedupe: DedupeStore;
  callbacks: CallbackQueue;
  ringClaims: RingGroupClaims;
  handoffs: TransferHandoffs;
  /** The relay's request limits, shared by the relays on one database; none for an embedded store (one process counts in memory). */
  rateLimits?: SharedRateLimits;
  /** How relays sharing these stores reach each other's agents; none for an embedded store. */
  bus?: RelayBus;
  /** Whether the backing store answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A hub message for one agent's apps (or a whole portal's), passed between relay instances. */
export type BusMessage =
  | { to: 'user'; memberId: string; userId: number; message: unknown; exceptConnection?: string }
  | { to: 'portal'; memberId: string; message: unknown; exceptUser?: number }
  /** Sessions ended (revoked, expired, signed out): every relay closes their sockets. */
  | { to: 'sessions'; sessionIds: string[]; reason: string }
  /** A portal's callback is waiting for an agent: every relay offers it to its own free agents now. */
  | { to: 'callbacks'; memberId: string };

/**
 * The channel between relays sharing one store: what one instance sends to agents reaches the
 * agents connected to the others. Best effort by design - what must not be lost is stored first
 * and sent again on reconnect - but `listening` says whether this instance hears the others now.
 */
export interface RelayBus {
  publish(message: BusMessage): Promise<void>;
  /** Called for every message another instance published. */
  subscribe(receive: (message: BusMessage) => void): void;
  /** Called each time the channel is heard again after it was lost (messages may have been missed). */
  onResumed(resumed: () => void): void;
  readonly listening: boolean;
}
