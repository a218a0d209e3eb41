import { entityName, findByPhone } from '../crm/crm-search';
import type { ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString, upperKeys } from '../transport/php-params';
import { coreError } from '../transport/rest-error';

/** telephony.externalCall.searchCrmEntities: who has this number, and who is responsible for them. */
export function searchCrmEntities(portal: Portal, rawParams: ParamMap): unknown[] {
  const params = upperKeys(rawParams);
  const phone = (phpString(params.PHONE_NUMBER) ?? '').trim();
  if (!phone) throw coreError('PHONE_NUMBER is empty');
  if (!portal.config.crmInstalled) throw coreError('CRM is not installed.');
  return findByPhone(portal, phone).map((entity) => {
    const responsible = portal.user(entity.ASSIGNED_BY_ID);
    return {
      CRM_ENTITY_TYPE: entity.type,
      CRM_ENTITY_ID: entity.ID,
      ASSIGNED_BY_ID: entity.ASSIGNED_BY_ID,
      NAME: entityName(entity),
      ASSIGNED_BY: {
        ID: String(entity.ASSIGNED_BY_ID),
        TIMEMAN_STATUS: responsible?.TIMEMAN_STATUS ?? 'UNAVAILABLE',
        USER_PHONE_INNER: responsible?.UF_PHONE_INNER ?? null,
        WORK_PHONE: responsible?.WORK_PHONE ?? null,
        PERSONAL_PHONE: responsible?.PERSONAL_PHONE ?? null,
        PERSONAL_MOBILE: responsible?.PERSONAL_MOBILE ?? null,
      },
    };
  });
}
