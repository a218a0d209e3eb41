import { useState } from 'react';
import type { CallbackOfferCommand } from '../../common/relay/hub-protocol';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';

/**
 * Callback requests the relay offers this agent, one card each: the number, what the visitor
 * wrote, the CRM entity; "Call back" takes it (the host dials it when the relay says it is ours),
 * "Decline" passes it to the next free agent. An offer taken elsewhere or lapsed just goes.
 */
export function CallbackOffers() {
  const offers = useApp((s) => s.callbackOffers);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (offers.length === 0 && !outcome) return null;
  return (
    <div className="callback-offers">
      {offers.map((offer) => (
        <CallbackOfferCard key={offer.id} offer={offer} onOutcome={setOutcome} />
      ))}
      {outcome && (
        <p className="call-note" role="status">
          {outcome}
        </p>
      )}
    </div>
  );
}

function CallbackOfferCard({
  offer,
  onOutcome,
}: {
  offer: CallbackOfferCommand;
  onOutcome: (text: string | null) => void;
}) {
  const { host } = useServices();
  const drop = useApp((s) => s.dropCallbackOffer);
  const [busy, setBusy] = useState(false);
  const accept = async () => {
    setBusy(true);
    try {
      const { outcome } = await host.relay['accept-callback'](offer.id);
      onOutcome(
        outcome === 'yours'
          ? null
          : t(outcome === 'taken' ? 'callback.offer.taken' : 'callback.offer.expired', {
              number: offer.phoneNumber,
            }),
      );
    } finally {
      drop(offer.id);
    }
  };
  const decline = async () => {
    setBusy(true);
    try {
      await host.relay['decline-callback'](offer.id);
    } finally {
      drop(offer.id);
    }
  };
  return (
    <section className="callback-offer" aria-label={t('callback.offer.label')} aria-live="assertive">
      <h2>{t('callback.offer.number', { number: offer.phoneNumber })}</h2>
      {offer.text && <p className="callback-text">{offer.text}</p>}
      {offer.crmEntityType && offer.crmEntityId !== undefined && (
        <p className="crm-name">
          {t('relay.call.crm-entity', { type: offer.crmEntityType, id: offer.crmEntityId })}
        </p>
      )}
      <div className="call-actions">
        <button type="button" className="answer" disabled={busy} onClick={() => void accept()}>
          {t('callback.offer.accept')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void decline()}>
          {t('callback.offer.decline')}
        </button>
      </div>
    </section>
  );
}
