import type { CallFact } from '../../../common/calls/call-fact';
import { userBehindExtension, type ExtensionUserOptions } from './extension-user';

export type TransferTargetOptions = ExtensionUserOptions;

/**
 * The phone reports a transfer by the number the customer went to; Bitrix24 wants the user behind
 * it, whose card then opens (`show` for the target, `hide` for the agent who handed over). When
 * the number is an extension, the user is looked up here, with the agent's token. The lookup is a
 * nicety: when it fails or is slow the fact goes on as it came (hide still happens, only the
 * target's card is not opened) - a transfer is never lost or held up for it.
 */
export async function withTransferTarget(fact: CallFact, options: TransferTargetOptions): Promise<CallFact> {
  if (fact.type !== 'transferred' || fact.target.userId !== undefined) return fact;
  const userId = await userBehindExtension(fact.target.number, options, {
    callKey: fact.callKey,
    message: 'transfer target user look-up failed',
  });
  return userId ? { ...fact, target: { ...fact.target, userId } } : fact;
}
