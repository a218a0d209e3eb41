import type { Logger } from 'pino';
import { clickToCallNumber } from '../../common/phone/click-to-call-number';
import type { ClickToCallCommand } from '../../common/relay/hub-protocol';
import type { ClickToCallEvent } from '../bitrix/events';
import type { PortalCountries } from '../config/portal-countries';
import type { AgentHub } from '../hub/agent-hub';
import type { RelayMetrics } from '../ops/metrics';
import type { DedupeStore, Portal } from '../stores/stores';
import type { CommandCenter } from './command-center';
import { deliveryOnce } from './delivery-once';

export type ClickToCallOutcome = 'dispatched' | 'queued' | 'duplicate' | 'stale' | 'undialable';

/** How long one delivery (CALL_ID + ts) is remembered; Bitrix24's own repeats come within seconds. */
const deliveryMemoryMs = 24 * 3600_000;

/**
 * ONEXTERNALCALLSTART: Bitrix24 registered the call already; the user's app must dial it and finish
 * that CALL_ID. Repeats are dropped: the same delivery again (same CALL_ID and ts), and any event
 * for a CALL_ID dialled within `maxEventAgeMs` (a double click). A later click that Bitrix24
 * answered with the same CALL_ID (its 30-minute register dedupe can return even a finished call
 * for the same user and number) is the agent asking again, and is dialled: dropping it would be
 * the click that silently does nothing. An event older than `maxEventAgeMs` is not dialled (the
 * agent gave up on it long ago) but finished with 480 so the CRM does not keep it open. A number
 * no app could dial (read with the portal's country, common/phone/click-to-call-number.ts) is not
 * offered either: it is finished with 404 and the reason, and the agent's apps are told why.
 */
export class ClickToCall {
  constructor(
    private readonly deps: {
      commands: CommandCenter;
      hub: Pick<AgentHub, 'send'>;
      countries: PortalCountries;
      dedupe: DedupeStore;
      metrics: RelayMetrics;
      log: Logger;
      acceptTimeoutMs: number;
      maxEventAgeMs: number;
      now?: () => number;
    },
  ) {}

  /** `portal`: the installation the event came from, as the event route read it to authenticate it. */
  async intake(
    portal: Pick<Portal, 'memberId' | 'domain'>,
    event: ClickToCallEvent,
    receivedAt: number,
  ): Promise<ClickToCallOutcome> {
    const { data } = event;
    const { memberId } = portal;
    const now = (this.deps.now ?? Date.now)();
    const key = `c2c:${memberId}:${data.CALL_ID}`;
    // A double click (another delivery of a CALL_ID dialled moments ago) is dropped as well.
    const delivery = deliveryOnce(this.deps.dedupe, `${key}:${event.ts}`, now + deliveryMemoryMs, 'cmd', {
      key,
      expiresAt: now + this.deps.maxEventAgeMs,
    });
    const duplicate = () => {
      this.deps.log.info({ callId: data.CALL_ID }, 'click-to-call repeated: dropped');
      return 'duplicate' as const;
    };
    const seen = await delivery.seen();
    if (seen === 'also-seen') {
      await delivery.stored();
      return duplicate();
    }
    if (seen === 'handled') return duplicate();
    const outcome = await this.#dispatch(portal, event, receivedAt, delivery.id);
    await delivery.stored();
    return outcome ?? duplicate();
  }

  /** Stores (and sends) the command of a new delivery; null when another relay stored it first. */
  async #dispatch(
    portal: Pick<Portal, 'memberId' | 'domain'>,
    event: ClickToCallEvent,
    receivedAt: number,
    id: string,
  ): Promise<Exclude<ClickToCallOutcome, 'duplicate'> | null> {
    const { data } = event;
    const { memberId } = portal;
    const command: ClickToCallCommand = {
      kind: 'click-to-call',
      id,
      callId: data.CALL_ID,
      phoneNumber: data.PHONE_NUMBER,
      ...(data.PHONE_NUMBER_INTERNATIONAL
        ? { phoneNumberInternational: data.PHONE_NUMBER_INTERNATIONAL }
        : {}),
      ...(data.LINE_NUMBER ? { lineNumber: data.LINE_NUMBER } : {}),
      ...(data.EXTENSION ? { extension: data.EXTENSION } : {}),
      ...(data.CRM_ENTITY_TYPE ? { crmEntityType: data.CRM_ENTITY_TYPE } : {}),
      ...(data.CRM_ENTITY_ID !== undefined ? { crmEntityId: data.CRM_ENTITY_ID } : {}),
      ...(data.CALL_LIST_ID !== undefined ? { callListId: data.CALL_LIST_ID } : {}),
      ...(data.IS_MOBILE !== undefined ? { isMobile: data.IS_MOBILE } : {}),
      receivedAt,
      expiresAt: receivedAt + this.deps.acceptTimeoutMs,
    };
    const age = receivedAt - event.ts * 1000;
    if (age > this.deps.maxEventAgeMs) {
      this.deps.log.warn({ callId: data.CALL_ID, ageMs: age }, 'click-to-call arrived too late: not dialled');
      const stored = await this.deps.commands.close(
        memberId,
        data.USER_ID,
        command,
        `The click-to-call request reached the relay ${Math.round(age / 1000)} s late`,
      );
      return stored ? 'stale' : null;
    }
    // The portal the route just read, not read again: one statement less per click on PostgreSQL.
    const number = clickToCallNumber(command, this.deps.countries.numberRulesOf(portal.domain));
    if (number.kind === 'invalid') {
      const country = this.deps.countries.ofDomain(portal.domain);
      const reason = `b24phone cannot dial "${data.PHONE_NUMBER}" (numbers of ${country}): ${number.reason}`;
      this.deps.log.warn(
        { callId: data.CALL_ID, code: number.code },
        'click-to-call to a number nobody can dial',
      );
      if (!(await this.deps.commands.close(memberId, data.USER_ID, command, reason, '404'))) return null;
      this.deps.hub.send(memberId, data.USER_ID, {
        t: 'notice',
        notice: {
          kind: 'click-to-call-refused',
          callId: data.CALL_ID,
          phoneNumber: data.PHONE_NUMBER,
          code: number.code,
          reason,
        },
      });
      return 'undialable';
    }
    const sent = await this.deps.commands.issue(memberId, data.USER_ID, command, receivedAt);
    if (sent === null) return null;
    return sent > 0 ? 'dispatched' : 'queued';
  }
}
