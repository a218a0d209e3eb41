import { useState } from 'react';
import type { CallbackOfferCommand, QueuedCallback } from '../../common/relay/hub-protocol';
import { useServices } from '../app/app-services';
import { useNow } from '../app/use-now';
import { formatTime, t, type MessageKey } from '../i18n/t';
import { useApp } from '../store/app-store';
import { crmEntityText } from '../relay/crm-entity-text';
import { Icon } from '../theme/icons';

const stateKeys: Record<QueuedCallback['state'], MessageKey> = {
  waiting: 'callbacks.state.waiting',
  offered: 'callbacks.state.offered',
  accepted: 'callbacks.state.accepted',
};

const stateTones: Record<QueuedCallback['state'], string> = {
  waiting: 'chip-busy',
  offered: 'chip-off',
  accepted: 'chip-ok',
};

/**
 * The relay's callback queue: an offer made to this agent on top (call back now, or pass to the
 * next free agent), then every callback the portal waits on, oldest first, with who has it.
 */
export function CallbackQueueView({ onAccepted }: { onAccepted: () => void }) {
  const queue = useApp((s) => s.callbackQueue);
  const offers = useApp((s) => s.callbackOffers);
  const outcome = useApp((s) => s.offerOutcome);
  const signedIn = useApp((s) => s.hostStatus?.relay?.state === 'connected');
  const now = useNow(1_000, offers.length > 0);
  const open = offers.filter((offer) => offer.expiresAt > now);
  return (
    <section className="view callback-queue" aria-label={t('callbacks.label')}>
      <h1 className="view-title">{t('callbacks.title')}</h1>
      {open.map((offer) => (
        <CallbackOffer key={offer.id} offer={offer} now={now} onAccepted={onAccepted} />
      ))}
      {outcome && (
        <p className="notice" role="status">
          {t(outcome === 'taken' ? 'callbacks.taken' : 'callbacks.expired')}
        </p>
      )}
      {queue === null || (!signedIn && queue.length === 0) ? (
        <p className="empty-note">{t('callbacks.no-relay')}</p>
      ) : queue.length === 0 ? (
        <p className="empty-note">{t('callbacks.empty')}</p>
      ) : (
        <>
          <p className="list-count">{t('callbacks.count', { count: queue.length })}</p>
          <ul className="callback-list">
            {[...queue]
              .sort((a, b) => a.requestedAt - b.requestedAt)
              .map((callback) => (
                <li
                  key={callback.callbackId}
                  className="callback-item"
                  aria-label={t('callbacks.item', { number: callback.phoneNumber })}
                >
                  <span className="history-direction" aria-hidden="true">
                    <Icon name="callback" />
                  </span>
                  <div className="history-body">
                    <div className="history-line">
                      <span className="history-number">{callback.phoneNumber}</span>
                      <time dateTime={new Date(callback.requestedAt).toISOString()}>
                        {t('callbacks.requested', { time: formatTime(callback.requestedAt) })}
                      </time>
                    </div>
                    {callback.text && <p className="callback-text">{callback.text}</p>}
                    <div className="history-line">
                      <span className={`chip ${stateTones[callback.state]}`}>
                        {t(stateKeys[callback.state])}
                      </span>
                      {callback.lineNumber && (
                        <span className="line-number">
                          {t('callbacks.line', { line: callback.lineNumber })}
                        </span>
                      )}
                    </div>
                  </div>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

function CallbackOffer({
  offer,
  now,
  onAccepted,
}: {
  offer: CallbackOfferCommand;
  now: number;
  onAccepted: () => void;
}) {
  const { host } = useServices();
  const [deciding, setDeciding] = useState(false);
  const removeCallbackOffer = useApp((s) => s.removeCallbackOffer);
  const setOfferOutcome = useApp((s) => s.setOfferOutcome);
  const accept = async () => {
    setDeciding(true);
    setOfferOutcome(null);
    try {
      const { outcome } = await host.relay['accept-callback'](offer.id);
      removeCallbackOffer(offer.id);
      // `yours`: the host has told the phone to dial it; the call screen takes over.
      if (outcome === 'yours') onAccepted();
      else setOfferOutcome(outcome === 'taken' ? 'taken' : 'expired');
    } finally {
      setDeciding(false);
    }
  };
  const pass = async () => {
    setDeciding(true);
    try {
      await host.relay['decline-callback'](offer.id);
      removeCallbackOffer(offer.id);
    } finally {
      setDeciding(false);
    }
  };
  return (
    <article className="offer-card" aria-label={t('callbacks.offer')} aria-live="assertive">
      <p className="call-label ringing">{t('callbacks.offer')}</p>
      <p className="caller-number">{offer.phoneNumber}</p>
      {offer.crmEntityType && offer.crmEntityId !== undefined && (
        <p className="call-note">{crmEntityText(offer.crmEntityType, offer.crmEntityId)}</p>
      )}
      {offer.text && <p className="callback-text">{offer.text}</p>}
      <p className="offer-expiry" role="timer">
        {t('callbacks.offer.expires', { count: Math.max(0, Math.ceil((offer.expiresAt - now) / 1000)) })}
      </p>
      <div className="call-actions">
        <button type="button" className="answer" disabled={deciding} onClick={() => void accept()}>
          <Icon name="phone" />
          {t('callbacks.accept')}
        </button>
        <button type="button" className="quiet" disabled={deciding} onClick={() => void pass()}>
          {t('callbacks.decline')}
        </button>
      </div>
    </article>
  );
}
