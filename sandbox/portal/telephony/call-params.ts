import type { Call, ParamMap, User } from '../state/model';
import type { Portal } from '../state/portal';
import { phpInt, phpString, stringifyScalars, upperKeys } from '../transport/php-params';
import { coreError } from '../transport/rest-error';

/** The call TYPEs register accepts: 1 outgoing, 2 incoming, 3 incoming redirected, 4 callback, 5 info. */
const callTypes = [1, 2, 3, 4, 5] as const;

/** Parameters as the observation API shows them: upper-case keys, PHP-style string values. */
export function observed(params: ParamMap): ParamMap {
  return stringifyScalars(upperKeys(params)) as ParamMap;
}

/** USER_ID, else the user whose UF_PHONE_INNER is USER_PHONE_INNER; either way active. */
export function resolveUser(portal: Portal, params: ParamMap): User {
  const userId = phpInt(params.USER_ID);
  const inner = phpString(params.USER_PHONE_INNER);
  if (userId <= 0 && !inner) throw coreError('USER_ID or USER_PHONE_INNER should be set');
  const user = userId > 0 ? portal.activeUser(userId) : portal.userByExtension(inner ?? '');
  if (!user?.ACTIVE) throw coreError('User is not found or is not active');
  return user;
}

/** The first check of register and finish. */
export function requireUserGiven(params: ParamMap): void {
  if (phpInt(params.USER_ID) <= 0 && !phpString(params.USER_PHONE_INNER)) {
    throw coreError('USER_ID or USER_PHONE_INNER should be set');
  }
}

export function parseType(value: ParamMap[string] | undefined): Call['type'] {
  const text = phpString(value);
  const type = text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  const found = callTypes.find((candidate) => candidate === type);
  if (found === undefined) throw coreError('Unknown TYPE');
  return found;
}
