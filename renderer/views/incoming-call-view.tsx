import { useServices } from '../app/app-services';
import { shortcuts } from '../app/shortcuts';
import { useNow } from '../app/use-now';
import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';
import { withShortcut } from './text';

export function IncomingCallView({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  const crmName = useApp((s) => s.crmNames[call.remoteNumber]);
  const now = useNow(500, call.autoAnswerAt !== undefined);
  return (
    <section className="view incoming-call" aria-label={t('call.incoming')} aria-live="assertive">
      <p className="call-label">{t('call.incoming')}</p>
      <h1 className="caller-number" aria-label={t('call.caller-number')}>
        {call.remoteNumber}
      </h1>
      {crmName && <p className="crm-name">{t('call.crm-name', { name: crmName })}</p>}
      {call.remoteName && call.remoteName !== call.remoteNumber && (
        <p className="caller-name" aria-label={t('call.caller-name')}>
          {call.remoteName}
        </p>
      )}
      {call.autoAnswerAt !== undefined && (
        <p className="auto-answer" role="status">
          {t('call.auto-answer', { seconds: Math.max(0, Math.ceil((call.autoAnswerAt - now) / 1000)) })}
        </p>
      )}
      <div className="call-actions">
        <button
          type="button"
          className="answer"
          aria-keyshortcuts={shortcuts.answer}
          title={withShortcut(t('action.answer'), shortcuts.answer)}
          onClick={() => void phone.phone.answer(call.id)}
        >
          {t('action.answer')}
        </button>
        <button
          type="button"
          className="decline"
          aria-keyshortcuts={shortcuts.decline}
          title={withShortcut(t('action.decline'), shortcuts.decline)}
          onClick={() => void phone.phone.decline(call.id)}
        >
          {t('action.decline')}
        </button>
        <button
          type="button"
          className="secondary"
          title={t('action.busy.hint')}
          onClick={() => void phone.phone.decline(call.id, 486)}
        >
          {t('action.busy')}
        </button>
      </div>
    </section>
  );
}
