import { useServices } from '../app/app-services';
import { shortcuts } from '../app/shortcuts';
import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';
import { phaseText } from './text';

/**
 * The lines when more than one call is up: who, in what state, and what can be done with each
 * (answer a waiting call, switch to a held one, hang up). The focused call is the one the main
 * view shows below.
 */
export function CallLines({ calls, focusedId }: { calls: PhoneCall[]; focusedId: string | undefined }) {
  const { phone } = useServices();
  const crmNames = useApp((s) => s.crmNames);
  return (
    <section className="call-lines" aria-label={t('call.lines')}>
      <ul>
        {calls.map((call) => (
          <li
            key={call.id}
            className={call.id === focusedId ? 'focused' : undefined}
            aria-current={call.id === focusedId}
          >
            <button type="button" className="line-label" onClick={() => phone.focus(call.id)}>
              <span className="line-number">{crmNames[call.remoteNumber] ?? call.remoteNumber}</span>
              <span className="line-state">{phaseText(call)}</span>
            </button>
            <span className="line-actions">
              {call.phase === 'ringing' && (
                <>
                  <button
                    type="button"
                    className="answer small"
                    aria-label={t('action.answer-call', { number: call.remoteNumber })}
                    aria-keyshortcuts={shortcuts.answer}
                    onClick={() => void phone.phone.answer(call.id).then(() => phone.focus(call.id))}
                  >
                    {t('action.answer')}
                  </button>
                  <button
                    type="button"
                    className="decline small"
                    aria-label={t('action.decline-call', { number: call.remoteNumber })}
                    onClick={() => void phone.phone.decline(call.id)}
                  >
                    {t('action.decline')}
                  </button>
                </>
              )}
              {call.phase === 'held' && !call.pending && (
                <button
                  type="button"
                  className="secondary small"
                  aria-label={t('action.swap', { number: call.remoteNumber })}
                  onClick={() => void phone.phone.swap(call.id).then(() => phone.focus(call.id))}
                >
                  {t('action.resume')}
                </button>
              )}
              {call.phase !== 'ringing' && (
                <button
                  type="button"
                  className="decline small"
                  aria-label={t('action.hangup-call', { number: call.remoteNumber })}
                  onClick={() => void phone.phone.hangup(call.id)}
                >
                  {t('action.hangup')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
