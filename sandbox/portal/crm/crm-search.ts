import type { CrmEntity, CrmEntityType } from '../state/model';
import type { Portal } from '../state/portal';
import { phoneKey } from './phone-numbers';

/** The order in which the portal picks the call's main CRM entity among several matches. */
export const entityPriority: readonly CrmEntityType[] = ['CONTACT', 'COMPANY', 'LEAD'];

/** CRM entities with a phone equal to `phone` (in the portal's sense of equal), contacts first. */
export function findByPhone(portal: Portal, phone: string): CrmEntity[] {
  const key = phoneKey(phone, portal.config.defaultCountry);
  if (!key) return [];
  const matches = portal.data.crm.filter((entity) =>
    entity.PHONE.some((entry) => phoneKey(entry.VALUE, portal.config.defaultCountry) === key),
  );
  return matches.sort(
    (a, b) => entityPriority.indexOf(a.type) - entityPriority.indexOf(b.type) || a.ID - b.ID,
  );
}

export function findEntity(portal: Portal, type: CrmEntityType, id: number): CrmEntity | undefined {
  return portal.data.crm.find((entity) => entity.type === type && entity.ID === id);
}

/** The entity's display name: a person's full name, or the title of a company or lead. */
export function entityName(entity: CrmEntity): string {
  if (entity.type === 'COMPANY') return entity.TITLE;
  const person = [entity.NAME, entity.LAST_NAME].filter(Boolean).join(' ');
  return person || entity.TITLE;
}

export function isCrmEntityType(value: string): value is CrmEntityType {
  return (entityPriority as readonly string[]).includes(value);
}
