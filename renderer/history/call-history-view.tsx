import { useEffect, useMemo, useState } from 'react';
import type { CallSummary } from '../../common/calls/call-summary';
import { useServices } from '../app/app-services';
import { appStore, useApp } from '../store/app-store';
import { historyList } from '../store/history-slice';
import { outcomeWording, retryableStep, syncWording } from './sync-text';

const historySize = 100;

/** The journal's calls, newest first, each with whether Bitrix24 has it and a retry where one helps. */
export function CallHistoryView() {
  const { host } = useServices();
  const history = useApp((s) => s.history);
  const calls = useMemo(() => historyList(history), [history]);
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
    <section className="view call-history" aria-label="Call history">
      <h1>Calls</h1>
      {calls.length === 0 ? (
        <p>No calls yet.</p>
      ) : (
        <ul className="history-list">
          {calls.map((call) => (
            <HistoryItem key={call.callKey} call={call} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryItem({ call, now }: { call: CallSummary; now: number }) {
  const { host } = useServices();
  const sync = syncWording(call.sync, now);
  const stepId = retryableStep(call);
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    if (stepId === null) return;
    setRetrying(true);
    void host.outbox.retry(stepId).finally(() => setRetrying(false));
  };
  return (
    <li className="history-item" aria-label={`Call with ${call.remoteNumber}`}>
      <div className="history-line">
        <span className="history-direction" aria-label={call.direction}>
          {call.direction === 'incoming' ? '↙' : '↗'}
        </span>
        <span className="history-number">{call.remoteNumber}</span>
        <time dateTime={new Date(call.ringingAt).toISOString()}>
          {new Date(call.ringingAt).toLocaleString()}
        </time>
      </div>
      <div className="history-line">
        <span>{outcomeWording(call)}</span>
        <span role="status" aria-label="Bitrix24 sync" className={`status status-${sync.tone}`}>
          {sync.text}
        </span>
        {stepId !== null && (
          <button type="button" disabled={retrying} onClick={retry}>
            Retry
          </button>
        )}
      </div>
    </li>
  );
}
