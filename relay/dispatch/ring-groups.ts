import type { Logger } from 'pino';
import type { AgentHub } from '../hub/agent-hub';
import type { RingClaim, RingGroupClaims } from '../stores/stores';

/**
 * Ring-group coordination (docs/ARCHITECTURE.md#ring-group): every app a forked call rings claims its
 * external call id. The first claimant registers the call in Bitrix24 and reports the CALL_ID; the
 * relay passes it to the other members, who `show` the card for themselves. The member who answers
 * says so; the others are told to stop ringing and `hide`. Members only ever act as themselves.
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
      const now = (deps.now ?? Date.now)();
      // Answering a call nobody claimed yet (the claim raced the answer) claims it too.
      await claims.claim(connection.memberId, externalCallId, connection.userId, now);
      const outcome = await claims.answer(connection.memberId, externalCallId, connection.userId);
      if (!outcome) return { first: false };
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
