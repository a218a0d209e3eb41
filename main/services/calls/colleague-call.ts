import type { CallFact } from '../../../common/calls/call-fact';
import { userBehindExtension, type ExtensionUserOptions } from './extension-user';

/**
 * A call between two agents is no customer call (common/calls/call-lifecycle.ts keeps it out of
 * Bitrix24). The phone only knows the other party's number; whether it is a colleague - an active
 * Bitrix24 user's extension - is looked up here, with the agent's token, for a new call the phone
 * placed or the PBX routed whose number looks like an extension. Only then: a customer's call is
 * never held up by the look-up, and when the portal fails or is slow the call is registered as
 * before - a customer call is never lost for it.
 */
export async function withColleague(fact: CallFact, options: ExtensionUserOptions): Promise<CallFact> {
  if (fact.type !== 'ringing' || fact.colleague) return fact;
  if (fact.origin && fact.origin.kind !== 'pbx' && fact.origin.kind !== 'dialpad') return fact;
  const userId = await userBehindExtension(fact.remoteNumber, options, {
    callKey: fact.callKey,
    message: 'colleague look-up failed',
  });
  return userId ? { ...fact, colleague: true } : fact;
}
