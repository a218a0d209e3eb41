import { useEffect, useMemo, useState } from 'react';
import type { CallSummary } from '../../common/calls/call-summary';
import { useServices } from '../app/app-services';
import { formatDateTime, t } from '../i18n/t';
import { appStore, useApp } from '../store/app-store';
import { historyList, matchesSearch } from '../store/history-slice';
import { Icon } from '../theme/icons';
import { RecordingPlayer } from './recording-player';
import { outcomeWording, retryableStep, syncWording } from './sync-text';

const historySize = 100;

/**
 * The journal's calls, newest first, each with whether Bitrix24 has it and a retry where one helps;
 * searchable by number, and each can be called back (`onDialled` once the call is placed).
 */
export function CallHistoryView({ onDialled }: { onDialled?: () => void }) {
  const { host } = useServices();
  const history = useApp((s) => s.history);
  const [query, setQuery] = useState('');
  const calls = useMemo(
    () => historyList(history).filter((call) => matchesSearch(call, query)),
    [history, query],
  );
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const { setHistory, upsertHistory } = appStore.getState();
    const unsubscribe = host.on('calls/changed', upsertHistory);
    void host.calls.history({ limit: historySize }).then(setHistory);
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [host]);

  return (
    <section className="view call-history" aria-label={t('history.label')}>
      <h1 className="view-title">{t('history.title')}</h1>
      <input
        type="search"
        className="history-search"
        aria-label={t('history.search')}
        placeholder={t('history.search')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {calls.length === 0 ? (
        <p className="empty-note">
          {query.trim() ? t('history.no-match', { query: query.trim() }) : t('history.empty')}
        </p>
      ) : (
        <ul className="history-list">
          {calls.map((call) => (
            <HistoryItem key={call.callKey} call={call} now={now} {...(onDialled ? { onDialled } : {})} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryItem({ call, now, onDialled }: { call: CallSummary; now: number; onDialled?: () => void }) {
  const { host, phone } = useServices();
  const portalUnreachable = useApp((s) => s.hostStatus?.outbox.state === 'unreachable');
  const sync = syncWording(call.sync, now, portalUnreachable);
  const stepId = retryableStep(call);
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    if (stepId === null) return;
    setRetrying(true);
    void host.outbox.retry(stepId).finally(() => setRetrying(false));
  };
  const missed = call.phase === 'ended' && call.statusCode === '304';
  return (
    <li className="history-item" aria-label={t('history.item', { number: call.remoteNumber })}>
      <span
        className={missed ? 'history-direction missed' : 'history-direction'}
        role="img"
        aria-label={t(call.direction === 'incoming' ? 'history.incoming' : 'history.outgoing')}
      >
        <Icon name={call.direction === 'incoming' ? 'incoming' : 'outgoing'} />
      </span>
      <div className="history-body">
        <div className="history-line">
          <span className="history-number">{call.remoteNumber}</span>
          <time dateTime={new Date(call.ringingAt).toISOString()}>{formatDateTime(call.ringingAt)}</time>
        </div>
        <div className="history-line">
          <span role="status" aria-label={t('history.sync')} className={`chip chip-${sync.tone}`}>
            {sync.text}
          </span>
          <span className={missed ? 'history-outcome missed' : 'history-outcome'}>
            {outcomeWording(call)}
          </span>
          {stepId !== null && (
            <button type="button" className="small" disabled={retrying} onClick={retry}>
              {t('history.retry')}
            </button>
          )}
        </div>
        {call.recording && (
          <div className="history-line">
            <RecordingPlayer callKey={call.callKey} recording={call.recording} />
          </div>
        )}
      </div>
      <button
        type="button"
        className="icon-button call-back"
        aria-label={t('history.call-back.label', { number: call.remoteNumber })}
        title={t('history.call-back')}
        onClick={() =>
          void phone.dial(call.remoteNumber).then((id) => {
            if (id) onDialled?.();
          })
        }
      >
        <Icon name="phone" />
      </button>
    </li>
  );
}
