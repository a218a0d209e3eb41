import type { CallFact } from '../../../common/calls/call-fact';
import { classifyNumber, defaultNumberRules, type NumberRules } from '../../../common/phone/phone-number';
import type { Logger } from '../log/logger';

export interface TransferTargetOptions {
  /** The Bitrix24 user whose extension this is (UserDirectory.userFor). */
  userFor: (extension: string) => Promise<number | null>;
  /** What an extension looks like (the agent's dial rules); the common rules unless given. */
  numberRules?: NumberRules;
  log: Logger;
  /** How long the fact may wait for the answer before it is journaled without it. */
  timeoutMs?: number;
}

/**
 * The phone reports a transfer by the number the customer went to; Bitrix24 wants the user behind
 * it, whose card then opens (`show` for the target, `hide` for the agent who handed over). When
 * the number is an extension, the user is looked up here, with the agent's token. The lookup is a
 * nicety: when it fails or is slow the fact goes on as it came (hide still happens, only the
 * target's card is not opened) - a transfer is never lost or held up for it.
 */
export async function withTransferTarget(fact: CallFact, options: TransferTargetOptions): Promise<CallFact> {
  if (fact.type !== 'transferred' || fact.target.userId !== undefined) return fact;
  const classified = classifyNumber(fact.target.number, options.numberRules ?? defaultNumberRules);
  if (classified.kind !== 'internal') return fact;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), options.timeoutMs ?? 3_000);
  });
  try {
    const userId = await Promise.race([options.userFor(classified.extension), timeout]);
    return userId ? { ...fact, target: { ...fact.target, userId } } : fact;
  } catch (error) {
    options.log.warn({ err: error, callKey: fact.callKey }, 'transfer target user look-up failed');
    return fact;
  } finally {
    clearTimeout(timer);
  }
}
