import { t, type MessageKey } from '../i18n/t';

const typeNames: Record<string, MessageKey> = {
  LEAD: 'crm.type.lead',
  CONTACT: 'crm.type.contact',
  COMPANY: 'crm.type.company',
  DEAL: 'crm.type.deal',
};

/** "CRM: Lead #12" for the entity a relay call or offer is about (an unknown type as Bitrix24 wrote it). */
export function crmEntityText(type: string, id: number): string {
  const name = typeNames[type.toUpperCase()];
  return t('relay.call.crm-entity', { type: name ? t(name) : type, id });
}
