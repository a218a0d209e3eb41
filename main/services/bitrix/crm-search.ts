import {
  classifyNumber,
  defaultNumberRules,
  numberForBitrix,
  type NumberRules,
} from '../../../common/phone/phone-number';
import type { BitrixClient } from './bitrix-client';
import { TtlCache } from './ttl-cache';

/** One row of `telephony.externalCall.searchCrmEntities`, the fields we read (docs/bitrix24-contract.md). */
export interface CrmMatch {
  CRM_ENTITY_TYPE?: string;
  CRM_ENTITY_ID?: number | string;
  ASSIGNED_BY_ID?: number | string;
  NAME?: string;
  ASSIGNED_BY?: { ID?: number | string; USER_PHONE_INNER?: string | null; TIMEMAN_STATUS?: string | null };
}

/**
 * Who has this phone number in the CRM (`searchCrmEntities`, with the agent's own token). One
 * question serves both the caller's name on the ringing call and "transfer to responsible" during
 * it. The answers (misses too) are cached per number for a few minutes: a queue of calls from one
 * customer must not spend the office's shared rate limit on the same question. An agent's explicit
 * action asks `fresh`: the CRM may have changed since (a lead created or reassigned meanwhile).
 */
export class CrmSearch {
  readonly #cache: TtlCache<CrmMatch[]>;

  constructor(
    private readonly client: () => BitrixClient | null,
    private readonly options: {
      cacheTtlMs?: number;
      /** How numbers are read (the country may change while the app runs); the common rules unless given. */
      numberRules?: () => NumberRules;
      now?: () => number;
    } = {},
  ) {
    this.#cache = new TtlCache(options.cacheTtlMs ?? 5 * 60_000, options.now);
  }

  /** The CRM's entries for `phone` (however it is written); empty when nobody has it or nobody is signed in. */
  async find(phone: string, { fresh = false }: { fresh?: boolean } = {}): Promise<CrmMatch[]> {
    const client = this.client();
    const rules = this.options.numberRules?.() ?? defaultNumberRules;
    // "anonymous", a SIP URI's odd user part: no CRM entry can have it, no request is spent.
    if (!client || classifyNumber(phone, rules).kind === 'invalid') return [];
    const number = numberForBitrix(phone, rules);
    return this.#cache.get(
      number,
      async () => {
        const matches = await client.call<CrmMatch[]>('telephony.externalCall.searchCrmEntities', {
          PHONE_NUMBER: number,
        });
        return Array.isArray(matches) ? matches : [];
      },
      fresh,
    );
  }

  /** The name the CRM knows the caller by (its first entry with one), or null. */
  async nameOf(phone: string): Promise<string | null> {
    const named = (await this.find(phone)).find(
      (match) => typeof match.NAME === 'string' && match.NAME.trim(),
    );
    return named?.NAME?.trim().slice(0, 200) ?? null;
  }
}
