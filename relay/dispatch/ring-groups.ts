import type { Logger } from 'pino';
import { HubRequestError, type AgentHub } from '../hub/agent-hub';
import type { RingClaim, RingGroupClaims } from '../stores/stores';

/**
 * Ring-group coordination (docs/ARCHITECTURE.md#ring-group): every app a forked call rings claims its
 * external call id. The first claimant registers the call in Bitrix24 and reports the CALL_ID; the
 * relay passes it to the other members, who `show` the card for themselves. The member who answers
 * says so; the others are told to stop ringing and `hide`. Members only ever act as themselves.
 * The members are the agents whose apps claimed the call while it rang (their apps claim when the
 * PBX's INVITE arrives): only they may answer it, and a claim after the answer joins nobody.
 */
export class RingGroups {
  constructor(
    private readonly deps: { claims: RingGroupClaims; hub: AgentHub; log: Logger; now?: () => number },
  ) {
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
      if (!claim) return { ok: false };
      this.#tellOthers(claim, connection.userId, { kind: 'ring-call-id', externalCallId, callId });
      if (claim.answeredBy !== undefined && claim.answeredBy !== connection.userId) {
        // Answered before the CALL_ID was known: the answerer needs it to finish.
        hub.send(claim.memberId, claim.answeredBy, {
          t: 'notice',
          notice: { kind: 'ring-call-id', externalCallId, callId },
        });
      }
      return { ok: true };
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
