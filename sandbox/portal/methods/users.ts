import type { User } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString } from '../transport/php-params';
import { filterParam, matchesFilter, sortBy } from './list-filter';
import type { MethodDefinition } from './method';
import { method, page } from './method';

const userScopes = { scopes: ['user', 'user_brief', 'user_basic'] };

/** A user as user.get prints it: string ID, boolean ACTIVE, empty strings for unset fields. */
function userRecord(user: User): Record<string, unknown> {
  return {
    ID: String(user.ID),
    XML_ID: '',
    ACTIVE: user.ACTIVE,
    NAME: user.NAME,
    LAST_NAME: user.LAST_NAME,
    SECOND_NAME: '',
    EMAIL: user.EMAIL,
    LAST_LOGIN: '2026-03-01T09:00:00+03:00',
    DATE_REGISTER: '2025-09-01T00:00:00+03:00',
    IS_ONLINE: 'N',
    TIME_ZONE: '',
    PERSONAL_GENDER: '',
    PERSONAL_MOBILE: user.PERSONAL_MOBILE ?? '',
    PERSONAL_PHONE: user.PERSONAL_PHONE ?? '',
    WORK_PHONE: user.WORK_PHONE ?? '',
    WORK_POSITION: user.WORK_POSITION,
    UF_PHONE_INNER: user.UF_PHONE_INNER,
    UF_DEPARTMENT: user.UF_DEPARTMENT,
    USER_TYPE: 'employee',
  };
}

/**
 * The fields the limited user scopes may read (Rest 21.600.0): `user_basic` has contact details but
 * no LAST_LOGIN; `user_brief` has neither e-mail nor phones (UF_PHONE_INNER stays). Only `user`
 * sees every field.
 */
const basicFields = [
  'ID',
  'XML_ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'EMAIL',
  'DATE_REGISTER',
  'IS_ONLINE',
  'TIME_ZONE',
  'PERSONAL_GENDER',
  'PERSONAL_MOBILE',
  'PERSONAL_PHONE',
  'WORK_PHONE',
  'WORK_POSITION',
  'UF_PHONE_INNER',
  'UF_DEPARTMENT',
];
const contactFields = ['EMAIL', 'PERSONAL_MOBILE', 'PERSONAL_PHONE', 'WORK_PHONE'];
const limitedFields: Record<'user_basic' | 'user_brief', ReadonlySet<string>> = {
  user_basic: new Set(basicFields),
  user_brief: new Set(basicFields.filter((field) => !contactFields.includes(field))),
};

/** A user as the caller's scope lets it read them. */
export function visibleUserRecord(user: User, scope: readonly string[]): Record<string, unknown> {
  const record = userRecord(user);
  if (scope.includes('user')) return record;
  const allowed = scope.includes('user_basic') ? limitedFields.user_basic : limitedFields.user_brief;
  return Object.fromEntries(Object.entries(record).filter(([field]) => allowed.has(field)));
}

function readUser(user: User, field: string): unknown {
  if (field === 'USER_TYPE') return 'employee';
  if (field === 'NAME_SEARCH') return `${user.NAME} ${user.LAST_NAME} ${user.EMAIL}`;
  if (field === 'IS_ONLINE') return 'N';
  return (user as unknown as Record<string, unknown>)[field];
}

const reserved = ['sort', 'order', 'start', 'admin_mode', 'select', 'image_resize'];

function userGet(
  portal: Portal,
  params: Parameters<MethodDefinition['handle']>[0]['params'],
  scope: readonly string[],
) {
  const filter = filterParam(params, reserved);
  const searchable = { ...filter };
  const nameSearch = searchable.NAME_SEARCH;
  delete searchable.NAME_SEARCH;
  const matches = portal.data.users.filter(
    (user) =>
      matchesFilter((field) => readUser(user, field), searchable) &&
      (nameSearch === undefined ||
        matchesFilter((field) => readUser(user, field), { '%NAME_SEARCH': nameSearch })),
  );
  const sortField = phpString(params.sort ?? params.SORT) ?? 'ID';
  const order = phpString(params.order ?? params.ORDER) ?? 'ASC';
  const sorted = sortBy(matches, readUser, sortField, order);
  return page(
    sorted.map((user) => visibleUserRecord(user, scope)),
    params.start,
  );
}

export const userMethods: MethodDefinition[] = [
  method('user.get', userScopes, (context) => userGet(context.portal, context.params, context.auth.scope)),
  method('user.current', userScopes, (context) => visibleUserRecord(context.auth.user, context.auth.scope)),
  // basic scope, any user: true for an administrator (in the cloud, who may change the portal's settings).
  method('user.admin', {}, (context) => context.auth.user.IS_ADMIN),
  method('profile', {}, (context) => ({
    ID: context.auth.user.ID,
    ADMIN: context.auth.user.IS_ADMIN,
    NAME: context.auth.user.NAME,
    LAST_NAME: context.auth.user.LAST_NAME,
    PERSONAL_GENDER: '',
    TIME_ZONE: '',
    TIME_ZONE_OFFSET: context.portal.config.timeZoneOffsetMinutes * 60,
  })),
];
