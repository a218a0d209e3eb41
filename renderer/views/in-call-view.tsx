import { useEffect, useState } from 'react';
import type { PhoneCall } from '../phone/phone';
import { useServices } from '../app/app-services';
import { useApp } from '../store/app-store';

function elapsed(since: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function InCallView({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  const quality = useApp((s) => s.quality[call.id]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="view in-call" aria-label="Call in progress">
      <p className="call-label">{call.phase === 'connecting' ? 'Connecting…' : 'In call'}</p>
      <h1 className="caller-number" aria-label="Caller number">
        {call.remoteNumber}
      </h1>
      <p className="call-timer" aria-label="Talk time">
        {call.answeredAt ? elapsed(call.answeredAt, now) : '0:00'}
      </p>
      <dl className="call-quality" aria-label="Call quality">
        <dt>Codec</dt>
        <dd>{quality?.codec ?? '–'}</dd>
        <dt>Packets received</dt>
        <dd aria-label="Packets received">{quality?.packetsReceived ?? 0}</dd>
        <dt>Audio level</dt>
        <dd aria-label="Audio level">{(quality?.audioLevel ?? 0).toFixed(3)}</dd>
        <dt>Jitter</dt>
        <dd>{quality ? `${quality.jitterMs} ms` : '–'}</dd>
      </dl>
      <div className="call-actions">
        <button type="button" className="hangup" onClick={() => void phone.phone.hangup(call.id)}>
          Hang up
        </button>
      </div>
    </section>
  );
}
