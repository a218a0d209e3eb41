import { classifyNumber, defaultNumberRules, type NumberRules } from '../../../common/phone/phone-number';
import type { Logger } from '../log/logger';

export interface ExtensionUserOptions {
  /** The Bitrix24 user whose extension this is (UserDirectory.userFor). */
  userFor: (extension: string) => Promise<number | null>;
  /** What an extension looks like (the agent's dial rules); the common rules unless given. */
  numberRules?: NumberRules;
  log: Logger;
  /** How long the fact may wait for the answer before it goes on without it. */
  timeoutMs?: number;
}

/**
 * The Bitrix24 user behind a number, when it is an extension: looked up with the agent's token,
 * as a nicety a fact never waits long for - null for an outside number, on a failure (logged with
 * `failure`) or when the portal is slower than the timeout.
 */
export async function userBehindExtension(
  number: string,
  options: ExtensionUserOptions,
  failure: { callKey: string; message: string },
): Promise<number | null> {
  const classified = classifyNumber(number, options.numberRules ?? defaultNumberRules);
  if (classified.kind !== 'internal') return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), options.timeoutMs ?? 3_000);
  });
  try {
    return await Promise.race([options.userFor(classified.extension), timeout]);
  } catch (error) {
    options.log.warn({ err: error, callKey: failure.callKey }, failure.message);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
