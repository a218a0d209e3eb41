import type { CountryCode } from 'libphonenumber-js';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import type { PortalClient } from '../../../sandbox/portal/sandbox-client';

/**
 * Makes the emulator a portal of `code` (its `defaultCountry`, as `npm run portal -- --country DE`
 * does) and answers the country it had. A relay started afterwards names that country for the
 * portal (sandbox/services/relay-service.ts reads it).
 */
export async function switchPortalCountry(portal: PortalClient, code: string): Promise<string> {
  const config = `${portal.origin}/_sandbox/config`;
  const before = await fetch(config);
  if (!before.ok) throw new Error(`GET ${config}: ${before.status}`);
  const { defaultCountry } = (await before.json()) as { defaultCountry: string };
  await portal.configure({ defaultCountry: code });
  return defaultCountry;
}

/**
 * The settings of an agent of a `code` portal whose app is not signed in through the relay (which
 * would tell it the portal's country): its dial rules name the country of its numbers.
 */
export function agentOfCountry(code: CountryCode): Pick<Settings, 'phone'> {
  const { phone } = defaultSettings;
  return { phone: { ...phone, dialRules: { ...phone.dialRules, defaultCountry: code } } };
}
