import { describe, expect, it } from 'vitest';
import { phoneSettingsSchema } from '../../../../common/settings/phone-settings';
import { agentAtSandboxPortal } from '../support/test-agent';

/**
 * The agent's own country (Settings -> dial rules) is how the host reads the numbers it reports to
 * Bitrix24: a German caller presented nationally is registered as +49..., not as digits a Russian
 * reading could not place. Without a setting (and no relay to tell the portal's), RU, as before.
 */
describe('the agent’s country on the numbers the host reports', () => {
  const { portal, startAgent } = agentAtSandboxPortal(2);
  let sequence = 0;

  async function registeredNumber(defaultCountry: string | undefined, caller: string): Promise<string> {
    const agent = await startAgent(
      defaultCountry
        ? { settings: { phone: phoneSettingsSchema.parse({ dialRules: { defaultCountry } }) } }
        : {},
    );
    const callKey = `country-${(sequence += 1)}`;
    await agent.report({
      type: 'ringing',
      callKey,
      direction: 'incoming',
      sipCallId: `${callKey}@pbx`,
      remoteNumber: caller,
      at: Date.now(),
    });
    const calls = await agent.until(
      'the call registered',
      () => portal.calls(),
      (seen) => seen.some((call) => call.register['EXTERNAL_CALL_ID'] === `${callKey}@pbx`),
    );
    return String(
      calls.find((call) => call.register['EXTERNAL_CALL_ID'] === `${callKey}@pbx`)?.register['PHONE_NUMBER'],
    );
  }

  it.each([
    ['DE', '03012345678', '+493012345678'],
    ['US', '2125551234', '+12125551234'],
    [undefined, '89161234567', '+79161234567'],
    [undefined, '2125551234', '+72125551234'],
  ])('with the country %s registers a caller %s as %s', async (country, caller, e164) => {
    expect(await registeredNumber(country, caller)).toBe(e164);
  });
});
