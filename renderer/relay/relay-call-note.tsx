import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';
import { relayDialOf } from '../store/relay-slice';
import { crmEntityText } from './crm-entity-text';

/**
 * What a call dialled for the relay is for, under its number: the click-to-call's CRM entity and
 * call list, or the callback request and the text the visitor left.
 */
export function RelayCallNote({ call }: { call: PhoneCall }) {
  const dial = useApp((s) => relayDialOf(s.relayDials, call));
  if (!dial) return null;
  const title = t(dial.origin === 'callback' ? 'relay.call.callback' : 'relay.call.click-to-call');
  return (
    <div className="relay-call-note" role="note" aria-label={title}>
      <p className="call-note">{title}</p>
      {dial.crmEntityType && dial.crmEntityId !== undefined && (
        <p className="crm-name">{crmEntityText(dial.crmEntityType, dial.crmEntityId)}</p>
      )}
      {dial.callListId !== undefined && (
        <p className="call-note">{t('relay.call.call-list', { id: dial.callListId })}</p>
      )}
      {dial.text && <p className="callback-text">{dial.text}</p>}
    </div>
  );
}
