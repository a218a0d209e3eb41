import { defaultNumberRules, numberForBitrix, type NumberRules } from '../../../common/phone/phone-number';
import type { BitrixClient } from './bitrix-client';

/** Who is responsible for a caller in the CRM, and the extension to transfer the call to. */
export interface Responsible {
  userId: number;
  extension: string;
  crmEntityType?: string;
  crmEntityId?: number;
}

interface CrmMatch {
  CRM_ENTITY_TYPE?: string;
  CRM_ENTITY_ID?: number | string;
  ASSIGNED_BY_ID?: number | string;
  ASSIGNED_BY?: { ID?: number | string; USER_PHONE_INNER?: string | null };
}

/**
 * "Transfer to responsible" during a call: the caller's number -> the CRM entity
 * (`searchCrmEntities`) -> its responsible user -> that user's extension (UF_PHONE_INNER), with the
 * agent's own token. Answers (misses too) are cached for a few minutes: a queue of calls from one
 * customer should not spend the office's shared rate limit on the same question.
 */
export class ResponsibleLookup {
  readonly #cache = new Map<string, { answer: Responsible | null; until: number }>();

  constructor(
    private readonly client: () => BitrixClient | null,
    private readonly options: { cacheTtlMs?: number; numberRules?: NumberRules; now?: () => number } = {},
  ) {}

  /** The responsible user with an extension, or null (unknown caller, nobody assigned, no extension). */
  async find(phone: string): Promise<Responsible | null> {
    const client = this.client();
    if (!client) return null;
    const now = (this.options.now ?? Date.now)();
    const number = numberForBitrix(phone, this.options.numberRules ?? defaultNumberRules);
    const cached = this.#cache.get(number);
    if (cached && cached.until > now) return cached.answer;
    const answer = await this.#lookup(client, number);
    if (this.#cache.size > 1000) this.#cache.clear();
    this.#cache.set(number, { answer, until: now + (this.options.cacheTtlMs ?? 5 * 60_000) });
    return answer;
  }

  async #lookup(client: BitrixClient, number: string): Promise<Responsible | null> {
    const matches = await client.call<CrmMatch[]>('telephony.externalCall.searchCrmEntities', {
      PHONE_NUMBER: number,
    });
    const match = (Array.isArray(matches) ? matches : []).find(
      (row) => row.ASSIGNED_BY_ID !== undefined || row.ASSIGNED_BY?.ID !== undefined,
    );
    if (!match) return null;
    const userId = Number(match.ASSIGNED_BY_ID ?? match.ASSIGNED_BY?.ID);
    let extension = match.ASSIGNED_BY?.USER_PHONE_INNER?.trim() ?? '';
    if (!extension) {
      const users = await client.call<{ UF_PHONE_INNER?: string | null }[]>('user.get', {
        FILTER: { ID: userId },
      });
      extension = String(users[0]?.UF_PHONE_INNER ?? '').trim();
    }
    if (!extension || !Number.isInteger(userId)) return null;
    return {
      userId,
      extension,
      ...(match.CRM_ENTITY_TYPE ? { crmEntityType: match.CRM_ENTITY_TYPE } : {}),
      ...(match.CRM_ENTITY_ID !== undefined ? { crmEntityId: Number(match.CRM_ENTITY_ID) } : {}),
    };
  }
}
