import type { Logger } from 'pino';
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
}

interface CrmMatch {
  CRM_ENTITY_TYPE?: string;
  CRM_ENTITY_ID?: number | string;
  ASSIGNED_BY_ID?: number | string;
  ASSIGNED_BY?: { ID?: number | string; USER_PHONE_INNER?: string | null };
}

interface UserRow {
  ID: string | number;
  UF_PHONE_INNER?: string | null;
}

/**
 * "Route to the responsible manager" for the PBX dialplan: the caller's number -> the CRM entity
 * (`searchCrmEntities`) -> its responsible user -> that user's extension (UF_PHONE_INNER). Answers
 * are cached per number, misses too, so a busy queue does not spend the portal's rate limit; a
 * failed look-up answers the fallback and is not cached.
 */
export class RouteLookup {
  readonly #cache = new Map<string, { route: Route; until: number }>();

  constructor(
    private readonly deps: {
      api: PortalApi;
      fallbackExtension: string;
      cacheTtlMs: number;
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
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(key, { route, until: now + this.deps.cacheTtlMs });
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
    let extension = match.ASSIGNED_BY?.USER_PHONE_INNER?.trim() ?? '';
    if (!extension) {
      const users = await this.deps.api.call<UserRow[]>(memberId, 'user.get', { FILTER: { ID: userId } });
      extension = String(users[0]?.UF_PHONE_INNER ?? '').trim();
    }
    if (!extension) return this.#fallback();
    return {
      extension,
      source: 'crm',
      userId,
      ...(match.CRM_ENTITY_TYPE ? { crmEntityType: match.CRM_ENTITY_TYPE } : {}),
      ...(match.CRM_ENTITY_ID !== undefined ? { crmEntityId: Number(match.CRM_ENTITY_ID) } : {}),
    };
  }

  #fallback(): Route {
    return { extension: this.deps.fallbackExtension, source: 'fallback' };
  }
}
