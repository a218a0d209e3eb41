import { describe, expect, it } from 'vitest';
import { PortalCountries } from '../../../relay/config/portal-countries';
import { RelayConfigError, resolveRelayConfig } from '../../../relay/config/relay-config';
import type { Portal } from '../../../relay/stores/stores';

const env = {
  B24_CLIENT_ID: 'local.abc.1',
  B24_CLIENT_SECRET: 'secret-from-the-environment',
  RELAY_DB: '/var/lib/b24phone-relay/relay.db',
};

/** The installed portals, by member_id, as the relay's store answers. */
const installed = (domains: Record<string, string>) => ({
  get: (memberId: string) =>
    Promise.resolve(domains[memberId] ? ({ memberId, domain: domains[memberId] } as Portal) : null),
});

describe('the country of each portal’s numbers', () => {
  it('is the portal’s own entry, else the relay’s default, else RU', async () => {
    const config = resolveRelayConfig(
      { portals: { defaultCountry: 'us', countries: { 'Example.Bitrix24.de': 'DE' } } },
      env,
    );
    const countries = new PortalCountries(config, installed({ m1: 'example.bitrix24.de', m2: 'b24-x.com' }));
    expect(await countries.of('m1')).toBe('DE');
    expect(await countries.of('m2')).toBe('US');
    expect(countries.ofDomain('EXAMPLE.bitrix24.de')).toBe('DE');
    expect((await countries.numberRules('m1')).defaultCountry).toBe('DE');
    const plain = new PortalCountries(resolveRelayConfig({}, env), installed({ m1: 'example.bitrix24.de' }));
    expect(await plain.of('m1')).toBe('RU');
  });

  it('still reads the former route.defaultCountry', async () => {
    const config = resolveRelayConfig({ route: { defaultCountry: 'DE' } }, env);
    expect(await new PortalCountries(config, installed({ m1: 'a.bitrix24.de' })).of('m1')).toBe('DE');
  });

  it('refuses a country libphonenumber does not know, naming the key', () => {
    expect(() => resolveRelayConfig({ portals: { defaultCountry: 'XX' } }, env)).toThrow(RelayConfigError);
    expect(() => resolveRelayConfig({ portals: { countries: { 'a.bitrix24.de': 'Germany' } } }, env)).toThrow(
      /countries/,
    );
  });
});
