import type { CountryCode } from 'libphonenumber-js';
import { defaultNumberRules, type NumberRules } from '../../common/phone/phone-number';
import type { PortalStore } from '../stores/stores';
import type { RelayConfig } from './relay-config';

/**
 * The country of each portal's numbers, from the relay's configuration: the portal's own entry in
 * `portals.countries` (by its domain), else `portals.defaultCountry` (or its former name
 * `route.defaultCountry`), else Russia's. The one source for every reader of numbers: the relay's
 * own (click-to-call, the dialplan's look-up) and, through the hub's welcome, the agents' apps.
 */
export class PortalCountries {
  readonly #fallback: CountryCode;
  readonly #byDomain: ReadonlyMap<string, CountryCode>;

  constructor(
    config: Pick<RelayConfig, 'portals' | 'route'>,
    private readonly portals: Pick<PortalStore, 'get'>,
  ) {
    this.#fallback =
      config.portals.defaultCountry ?? config.route.defaultCountry ?? defaultNumberRules.defaultCountry;
    this.#byDomain = new Map(
      Object.entries(config.portals.countries).map(([domain, country]) => [
        domain.trim().toLowerCase(),
        country,
      ]),
    );
  }

  /** The country of the portal at `domain` (as Bitrix24 names it: `example.bitrix24.de`). */
  ofDomain(domain: string): CountryCode {
    return this.#byDomain.get(domain.trim().toLowerCase()) ?? this.#fallback;
  }

  /** The country of an installed portal. */
  async of(memberId: string): Promise<CountryCode> {
    const portal = await this.portals.get(memberId);
    return portal ? this.ofDomain(portal.domain) : this.#fallback;
  }

  /** The number rules of the portal at `domain`: its country, the common rules for extensions. */
  numberRulesOf(domain: string): NumberRules {
    return rulesOf(this.ofDomain(domain));
  }

  /** The number rules of an installed portal (see `numberRulesOf`). */
  async numberRules(memberId: string): Promise<NumberRules> {
    return rulesOf(await this.of(memberId));
  }
}

function rulesOf(country: CountryCode): NumberRules {
  return { ...defaultNumberRules, defaultCountry: country };
}
