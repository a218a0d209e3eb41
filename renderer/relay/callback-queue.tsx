import type { QueuedCallback } from '../../common/relay/hub-protocol';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';

function stateText(entry: QueuedCallback): string {
  if (entry.state === 'accepted') return t('callback.queue.accepted', { userId: entry.assignedTo ?? '?' });
  return t(entry.state === 'offered' ? 'callback.queue.offered' : 'callback.queue.waiting');
}

/** The portal's callback requests not called back yet, as the relay keeps them: what waits, who calls. */
export function CallbackQueue() {
  const queue = useApp((s) => s.callbackQueue);
  const connected = useApp((s) => s.hostStatus?.relay?.state === 'connected');
  if (!connected || queue.length === 0) return null;
  return (
    <section className="callback-queue" aria-label={t('callback.queue.label')}>
      <h2>{t('callback.queue.label')}</h2>
      <ul>
        {queue.map((entry) => (
          <li key={entry.callbackId}>
            <span className="callback-number">{entry.phoneNumber}</span> — {stateText(entry)}
            {entry.text && <span className="callback-text"> · {entry.text}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
