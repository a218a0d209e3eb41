import type { ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpInt, phpString, upperKeys } from '../transport/php-params';

/** show / hide: true when the call is active, false (never an error) when it is unknown or finished. */
export function setCardVisibility(portal: Portal, rawParams: ParamMap, visible: boolean): boolean {
  const params = upperKeys(rawParams);
  const callId = phpString(params.CALL_ID);
  const call = callId ? portal.call(callId) : undefined;
  if (!call || call.finishedAt !== null) return false;
  const given = params.USER_ID;
  const ids =
    given === undefined || given === null || given === ''
      ? [call.userId]
      : (Array.isArray(given) ? given : typeof given === 'object' ? Object.values(given) : [given])
          .map((value) => phpInt(value))
          .filter((id) => id > 0);
  const now = portal.now();
  for (const id of ids) {
    if (visible) {
      if (portal.activeUser(id)) call.cards[String(id)] = now;
    } else {
      delete call.cards[String(id)];
    }
  }
  portal.changed();
  return true;
}
