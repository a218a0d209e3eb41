import type { Logger } from 'pino';
import { awayStatus, type TimemanStatus } from '../../common/bitrix/workday';
import { numberForBitrix } from '../../common/phone/phone-number';
import type { PortalApi } from '../bitrix/portal-api';
import type { PortalCountries } from '../config/portal-countries';

export interface Route {
  /** The extension to send the call to; empty when neither a responsible user nor a fallback exists. */
  extension: string;
  source: 'crm' | 'fallback';
  userId?: number;
  crmEntityType?: string;
  crmEntityId?: number;
  /** Set when the call falls back because the responsible user is not at work (their TIMEMAN_STATUS). */
  away?: { userId: number; timemanStatus: string };
}

interface CrmMatch {
  CRM_ENTITY_TYPE?: string;
  CRM_ENTITY_ID?: number | string;
  ASSIGNED_BY_ID?: number | string;
  ASSIGNED_BY?: { ID?: number | string; USER_PHONE_INNER?: string | null; TIMEMAN_STATUS?: string | null };
}

interface UserRow {
  ID: string | number;
  UF_PHONE_INNER?: string | null;
}

/**
 * "Route to the responsible manager" for the PBX dialplan: the caller's number -> the CRM entity
 * (`searchCrmEntities`) -> its responsible user -> that user's extension (UF_PHONE_INNER), unless
 * that user is not at work: a TIMEMAN_STATUS in `awayStatuses` (day closed, on a break, day left
 * open since yesterday) sends the call to the fallback (the group) instead. UNAVAILABLE and
 * NOT_INSTALLED say nothing about presence (time tracking off) and route to the user.
 *
 * Answers are cached per number, misses too, so a busy queue does not spend the portal's rate
 * limit; one that depends on a user's workday is kept only `workdayTtlMs`, so a manager who starts
 * a break stops getting calls that soon. A failed look-up answers the fallback and is not cached.
 */
export class RouteLookup {
  readonly #cache = new Map<string, { route: Route; until: number }>();

  constructor(
    private readonly deps: {
      api: PortalApi;
      fallbackExtension: string;
      cacheTtlMs: number;
      /** How long a route that depends on the responsible user's TIMEMAN_STATUS is cached. */
      workdayTtlMs: number;
      /** TIMEMAN_STATUS values that mean "not at work". */
      awayStatuses: readonly TimemanStatus[];
      countries: PortalCountries;
      log: Logger;
      now?: () => number;
    },
  ) {}

  async route(memberId: string, phone: string): Promise<Route> {
    const now = (this.deps.now ?? Date.now)();
    const number = numberForBitrix(phone, await this.deps.countries.numberRules(memberId));
    const key = `${memberId}\u0000${number}`;
    const cached = this.#cache.get(key);
    if (cached && cached.until > now) return cached.route;
    let route: Route;
    try {
      route = await this.#lookup(memberId, number);
    } catch (error) {
      this.deps.log.warn({ err: error, memberId }, 'route look-up failed: fallback');
      return this.#fallback();
    }
    const ttl =
      route.source === 'crm' || route.away
        ? Math.min(this.deps.workdayTtlMs, this.deps.cacheTtlMs)
        : this.deps.cacheTtlMs;
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(key, { route, until: now + ttl });
    return route;
  }

  async #lookup(memberId: string, number: string): Promise<Route> {
    const matches = await this.deps.api.call<CrmMatch[]>(
      memberId,
      'telephony.externalCall.searchCrmEntities',
      {
        PHONE_NUMBER: number,
      },
    );
    const match = (Array.isArray(matches) ? matches : []).find(
      (row) => row.ASSIGNED_BY_ID !== undefined || row.ASSIGNED_BY?.ID !== undefined,
    );
    if (!match) return this.#fallback();
    const userId = Number(match.ASSIGNED_BY_ID ?? match.ASSIGNED_BY?.ID);
    const entity = {
      ...(match.CRM_ENTITY_TYPE ? { crmEntityType: match.CRM_ENTITY_TYPE } : {}),
      ...(match.CRM_ENTITY_ID !== undefined ? { crmEntityId: Number(match.CRM_ENTITY_ID) } : {}),
    };
    const timemanStatus = awayStatus(match.ASSIGNED_BY?.TIMEMAN_STATUS, this.deps.awayStatuses);
    if (timemanStatus) return { ...this.#fallback(), ...entity, away: { userId, timemanStatus } };
    let extension = match.ASSIGNED_BY?.USER_PHONE_INNER?.trim() ?? '';
    if (!extension) {
      const users = await this.deps.api.call<UserRow[]>(memberId, 'user.get', { FILTER: { ID: userId } });
      extension = String(users[0]?.UF_PHONE_INNER ?? '').trim();
    }
    if (!extension) return this.#fallback();
    return { extension, source: 'crm', userId, ...entity };
  }

  #fallback(): Route {
    return { extension: this.deps.fallbackExtension, source: 'fallback' };
  }
}
