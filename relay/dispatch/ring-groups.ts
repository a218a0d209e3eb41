import type { Logger } from 'pino';
import type { PortalApi } from '../bitrix/portal-api';
import { BitrixRestError } from '../bitrix/rest-client';
import { HubRequestError, type AgentHub } from '../hub/agent-hub';
import type { RelayMetrics } from '../ops/metrics';
import type { PortalStore, RingClaim, RingGroupClaims } from '../stores/stores';

export interface RingGroupsDeps {
  claims: RingGroupClaims;
  hub: AgentHub;
  api: PortalApi;
  portals: PortalStore;
  metrics: RelayMetrics;
  log: Logger;
  /** How long after the last member left the relay waits for the PBX to ring another one. */
  missedAfterMs: number;
  /** A call nobody answered is missed this long after its first claim, whatever the apps said. */
  maxRingMs: number;
  /** Whom a missed call is finished under, by portal domain; else its claimant. */
  responsibleUsers: Record<string, number>;
  now?: () => number;
}

/**
 * Ring-group coordination (docs/ARCHITECTURE.md#ring-group): every app a forked call rings claims its
 * external call id. The first claimant registers the call in Bitrix24 and reports the CALL_ID; the
 * relay passes it to the other members, who `show` the card for themselves. The member who answers
 * says so; the others get a `ring-answered-elsewhere` notice (their apps hide the card when the
 * PBX cancels their leg, not on the notice). Members only ever act as themselves.
 * The members are the agents whose apps claimed the call while it rang (their apps claim when the
 * PBX's INVITE arrives): only they may answer it, and a claim after the answer joins nobody.
 *
 * The notices reach only the connections open when they are sent, and an answer can be lost with
 * its connection (e.g. the relay instance holding it killed or frozen): each request is safe to
 * repeat, which is how an app makes up for that. A repeat claim changes nothing and answers with
 * the claim as it is now (a member whose hub connected again while it waited for the CALL_ID asks
 * so); a repeat answer is the same answer (`first` again for its member); a repeat leave the same
 * leave, but for the time of the last leave (`leftAt`) it moves on; a repeat CALL_ID is the same
 * CALL_ID, told to the other members again, and another CALL_ID for the same call is not taken: the
 * first one stays.
 *
 * The relay, not a leg, decides that a call was missed: a member whose leg ends unanswered (the
 * PBX's CANCEL with or without a Reason, a decline, busy, DND) only says it left. Once every
 * member left, nobody answered and no other member claimed within `missedAfterMs` (a hunt group
 * rings the next one), the relay finishes the call once as missed (304), under the portal's
 * responsible user or else the claimant; so is a call nobody answered within `maxRingMs`, when a
 * member's app died ringing and never said so. The finish asks Bitrix24 to tell that user in chat
 * (ADD_TO_CHAT), and the relay tells that user's apps connected now (`missed-call` notice), which
 * put it in their history. An answered call is finished by whoever answered it.
 */
export class RingGroups {
  #sweeping = false;

  constructor(private readonly deps: RingGroupsDeps) {
    const { hub, claims } = deps;
    hub.handle('ring/claim', async (connection, { externalCallId }) => {
      const now = (deps.now ?? Date.now)();
      const { role, claim } = await claims.claim(connection.memberId, externalCallId, connection.userId, now);
      return {
        role,
        ...(claim.callId ? { callId: claim.callId } : {}),
        ...(claim.answeredBy !== undefined ? { answeredBy: claim.answeredBy } : {}),
      };
    });
    hub.handle('ring/registered', async (connection, { externalCallId, callId }) => {
      const claim = await claims.setCallId(connection.memberId, externalCallId, connection.userId, callId);
      if (!claim?.callId) return { ok: false };
      if (claim.callId !== callId) {
        deps.log.warn(
          { externalCallId, kept: claim.callId, refused: callId },
          'ring-group call registered again under another CALL_ID: the first one stays',
        );
      }
      // Told again on a repeat: the instance that stored the CALL_ID may have died before telling.
      const notice = { kind: 'ring-call-id' as const, externalCallId, callId: claim.callId };
      this.#tellOthers(claim, connection.userId, notice);
      if (claim.answeredBy !== undefined && claim.answeredBy !== connection.userId) {
        // Answered before the CALL_ID was known: the answerer needs it to finish.
        hub.send(claim.memberId, claim.answeredBy, { t: 'notice', notice });
      }
      return { ok: claim.callId === callId };
    });
    hub.handle('ring/answered', async (connection, { externalCallId }) => {
      // Only a member the call rang for may answer it: anyone else's word would make the real
      // members stop ringing. (The app says it answered only after its claim was answered.)
      const outcome = await claims.answer(connection.memberId, externalCallId, connection.userId);
      if (!outcome) {
        deps.log.warn(
          { externalCallId, userId: connection.userId },
          'ring-group answer refused: not a member of that call',
        );
        throw new HubRequestError('forbidden', 'This call did not ring for you');
      }
      const { first, claim } = outcome;
      if (first) {
        this.#tellOthers(claim, connection.userId, {
          kind: 'ring-answered-elsewhere',
          externalCallId,
          ...(claim.callId ? { callId: claim.callId } : {}),
          answeredBy: connection.userId,
        });
        deps.log.info({ externalCallId, answeredBy: connection.userId }, 'ring-group call answered');
      }
      return { first, ...(claim.callId ? { callId: claim.callId } : {}) };
    });
    hub.handle('ring/left', async (connection, { externalCallId }) => {
      const now = (deps.now ?? Date.now)();
      const claim = await claims.leave(connection.memberId, externalCallId, connection.userId, now);
      return { ok: claim !== null };
    });
  }

  /** Finishes, once, the calls every member left unanswered; safe to call at any time. */
  async sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const now = (this.deps.now ?? Date.now)();
      const due = await this.deps.claims.missed(now - this.deps.missedAfterMs, now - this.deps.maxRingMs);
      for (const claim of due) {
        await this.#finishMissed(claim);
      }
    } catch (error) {
      this.deps.log.error({ err: error }, 'ring-group sweep failed');
    } finally {
      this.#sweeping = false;
    }
  }

  async #finishMissed(claim: RingClaim): Promise<void> {
    const portal = await this.deps.portals.get(claim.memberId);
    const userId = (portal && this.deps.responsibleUsers[portal.domain]) ?? claim.claimantUserId;
    try {
      const row = await this.deps.api.call<{ PHONE_NUMBER?: unknown }>(
        claim.memberId,
        'telephony.externalCall.finish',
        {
          CALL_ID: claim.callId,
          USER_ID: userId,
          DURATION: 0,
          STATUS_CODE: '304',
          // Bitrix24 writes the missed call into that user's chat: the portal's own notice to them.
          ADD_TO_CHAT: 1,
        },
      );
      this.deps.metrics.finishes.inc({ status: '304' });
      this.#tellMissed(claim, userId, row?.PHONE_NUMBER);
      this.deps.log.info(
        { callId: claim.callId, userId, members: claim.members },
        'ring-group call missed: finished by the relay',
      );
    } catch (error) {
      // A network or server failure is retried by the next sweep (finish is safe to repeat: a
      // second one is refused, never duplicated); anything else will not get better by retrying.
      const transient = error instanceof BitrixRestError && error.transient;
      if (transient) {
        this.deps.log.warn(
          { err: error, callId: claim.callId },
          'ring-group missed finish failed; will retry',
        );
        return;
      }
      this.deps.log.error({ err: error, callId: claim.callId }, 'ring-group missed finish refused');
    }
    await this.deps.claims.markMissedFinished(claim.memberId, claim.externalCallId);
  }

  /** The user the call was finished under hears of it in the app, on every connection open now. */
  #tellMissed(claim: RingClaim, userId: number, phoneNumber: unknown): void {
    if (!claim.callId || typeof phoneNumber !== 'string' || phoneNumber === '') {
      this.deps.log.warn({ callId: claim.callId }, 'missed ring-group call without a number: apps not told');
      return;
    }
    this.deps.hub.send(claim.memberId, userId, {
      t: 'notice',
      notice: {
        kind: 'missed-call',
        callId: claim.callId,
        phoneNumber: phoneNumber.slice(0, 64),
        missedAt: (this.deps.now ?? Date.now)(),
      },
    });
  }

  #tellOthers(
    claim: RingClaim,
    except: number,
    notice:
      | { kind: 'ring-call-id'; externalCallId: string; callId: string }
      | { kind: 'ring-answered-elsewhere'; externalCallId: string; callId?: string; answeredBy: number },
  ): void {
    for (const member of claim.members) {
      if (member !== except) this.deps.hub.send(claim.memberId, member, { t: 'notice', notice });
    }
  }
}
