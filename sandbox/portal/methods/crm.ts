import { addActivity } from '../crm/activity-add';
import { entityPriority, findByPhone } from '../crm/crm-search';
import type { CrmActivity, CrmEntity, CrmEntityType, ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpInt, phpString, upperKeys } from '../transport/php-params';
import { RestError } from '../transport/rest-error';
import { isoWithOffset } from '../transport/time-envelope';
import { filterParam, matchesFilter, sortBy } from './list-filter';
import type { MethodDefinition } from './method';
import { method, page } from './method';

const crmScope = { scopes: ['crm'] };
const ownerTypeIds: Record<CrmEntityType, number> = { LEAD: 1, CONTACT: 3, COMPANY: 4 };

/** CRM's own "not found": an empty error code with the text, as the CRM REST methods answer it. */
function notFound(): RestError {
  return new RestError('', 'Not found', 400, 'method');
}

function crmRecord(portal: Portal, entity: CrmEntity, withPhones: boolean): Record<string, unknown> {
  const common = {
    ID: String(entity.ID),
    ASSIGNED_BY_ID: String(entity.ASSIGNED_BY_ID),
    SOURCE_ID: entity.SOURCE_ID,
    DATE_CREATE: isoWithOffset(entity.DATE_CREATE, portal.config.timeZoneOffsetMinutes),
    HAS_PHONE: entity.PHONE.length > 0 ? 'Y' : 'N',
  };
  const specific =
    entity.type === 'COMPANY'
      ? { TITLE: entity.TITLE }
      : entity.type === 'CONTACT'
        ? {
            NAME: entity.NAME,
            LAST_NAME: entity.LAST_NAME,
            COMPANY_ID: entity.COMPANY_ID === null ? null : String(entity.COMPANY_ID),
          }
        : {
            TITLE: entity.TITLE,
            NAME: entity.NAME,
            LAST_NAME: entity.LAST_NAME,
            STATUS_ID: entity.STATUS_ID,
          };
  return { ...common, ...specific, ...(withPhones ? { PHONE: entity.PHONE } : {}) };
}

function readEntity(entity: CrmEntity, field: string): unknown {
  if (field === 'PHONE') return entity.PHONE.map((phone) => phone.VALUE);
  return (entity as unknown as Record<string, unknown>)[field];
}

function selectsPhones(params: ParamMap): boolean {
  const select = params.select ?? params.SELECT;
  const fields = Array.isArray(select)
    ? select
    : select && typeof select === 'object'
      ? Object.values(select)
      : [];
  return fields.some((field) => field === 'PHONE');
}

function entityMethods(type: CrmEntityType): MethodDefinition[] {
  const name = type.toLowerCase();
  const ofType = (portal: Portal) => portal.data.crm.filter((entity) => entity.type === type);
  return [
    method(`crm.${name}.list`, crmScope, ({ portal, params }) => {
      const filter = filterParam(params, ['order', 'select', 'start', 'filter']);
      const phoneFilter = filter.PHONE;
      delete filter.PHONE;
      let matches = ofType(portal).filter((entity) =>
        matchesFilter((field) => readEntity(entity, field), filter),
      );
      if (typeof phoneFilter === 'string') {
        const found = new Set(findByPhone(portal, phoneFilter).filter((entity) => entity.type === type));
        matches = matches.filter((entity) => found.has(entity));
      }
      const order = params.order ?? params.ORDER;
      const [field, direction] =
        order && typeof order === 'object' && !Array.isArray(order)
          ? (Object.entries(order)[0] ?? ['ID', 'ASC'])
          : ['ID', 'ASC'];
      const sorted = sortBy(matches, readEntity, field, phpString(direction) ?? 'ASC');
      return page(
        sorted.map((entity) => crmRecord(portal, entity, selectsPhones(params))),
        params.start,
      );
    }),
    method(`crm.${name}.get`, crmScope, ({ portal, params }) => {
      const id = phpInt(params.id ?? params.ID);
      const entity = ofType(portal).find((candidate) => candidate.ID === id);
      if (!entity) throw notFound();
      return crmRecord(portal, entity, true);
    }),
  ];
}

function activityRecord(portal: Portal, activity: CrmActivity): Record<string, unknown> {
  return {
    ID: String(activity.ID),
    OWNER_TYPE_ID: String(ownerTypeIds[activity.OWNER_TYPE]),
    OWNER_ID: String(activity.OWNER_ID),
    TYPE_ID: String(activity.TYPE_ID),
    PROVIDER_ID: activity.PROVIDER_ID,
    PROVIDER_TYPE_ID: 'CALL',
    DIRECTION: String(activity.DIRECTION),
    SUBJECT: activity.SUBJECT,
    RESPONSIBLE_ID: String(activity.RESPONSIBLE_ID),
    START_TIME: isoWithOffset(activity.START_TIME, portal.config.timeZoneOffsetMinutes),
    END_TIME: isoWithOffset(activity.END_TIME, portal.config.timeZoneOffsetMinutes),
    COMPLETED: activity.COMPLETED,
    ORIGIN_ID: activity.ORIGIN_ID,
  };
}

function leadAdd(portal: Portal, params: ParamMap, userId: number): number {
  const fields = params.fields ?? params.FIELDS;
  const given = fields && typeof fields === 'object' && !Array.isArray(fields) ? upperKeys(fields) : {};
  const phones = Array.isArray(given.PHONE) ? given.PHONE : [];
  const lead: CrmEntity = {
    type: 'LEAD',
    ID: portal.nextId('LEAD'),
    NAME: phpString(given.NAME) ?? '',
    LAST_NAME: phpString(given.LAST_NAME) ?? '',
    TITLE: phpString(given.TITLE) ?? '',
    PHONE: phones.map((phone, index) => {
      const entry = phone && typeof phone === 'object' && !Array.isArray(phone) ? upperKeys(phone) : {};
      return {
        ID: String(index + 1),
        VALUE_TYPE: 'WORK',
        VALUE: phpString(entry.VALUE) ?? '',
        TYPE_ID: 'PHONE',
      };
    }),
    ASSIGNED_BY_ID: phpInt(given.ASSIGNED_BY_ID) || userId,
    COMPANY_ID: null,
    SOURCE_ID: phpString(given.SOURCE_ID) ?? 'OTHER',
    STATUS_ID: 'NEW',
    DATE_CREATE: portal.now(),
    createdByCall: null,
  };
  portal.data.crm.push(lead);
  return lead.ID;
}

export const crmMethods: MethodDefinition[] = [
  ...entityPriority.flatMap(entityMethods),
  method('crm.lead.add', crmScope, ({ portal, params, auth }) => leadAdd(portal, params, auth.user.ID)),
  method('crm.activity.add', crmScope, ({ portal, params }) => addActivity(portal, params)),
  method('crm.activity.list', crmScope, ({ portal, params }) => {
    const filter = filterParam(params, ['order', 'select', 'start', 'filter']);
    const matches = portal.data.activities.filter((activity) => {
      const record = activityRecord(portal, activity);
      return matchesFilter((field) => record[field], filter);
    });
    return page(
      matches.map((activity) => activityRecord(portal, activity)),
      params.start,
    );
  }),
  method('crm.activity.get', crmScope, ({ portal, params }) => {
    const id = phpInt(params.id ?? params.ID);
    const activity = portal.data.activities.find((candidate) => candidate.ID === id);
    if (!activity) throw notFound();
    return activityRecord(portal, activity);
  }),
  method('crm.duplicate.findbycomm', crmScope, ({ portal, params }) => {
    const upper = upperKeys(params);
    if ((phpString(upper.TYPE) ?? '').toUpperCase() !== 'PHONE') return [];
    const values = Array.isArray(upper.VALUES) ? upper.VALUES : [];
    const wanted = (phpString(upper.ENTITY_TYPE) ?? '').toUpperCase();
    const result: Record<string, number[]> = {};
    for (const value of values) {
      for (const entity of findByPhone(portal, phpString(value) ?? '')) {
        if (wanted && entity.type !== wanted) continue;
        const ids = (result[entity.type] ??= []);
        if (!ids.includes(entity.ID)) ids.push(entity.ID);
      }
    }
    return Object.keys(result).length === 0 ? [] : result;
  }),
];
