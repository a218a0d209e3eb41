import { useServices } from '../app/app-services';
import { shortcuts } from '../app/shortcuts';
import { useNow } from '../app/use-now';
import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { CallerCard } from './caller-card';
import { Icon } from '../theme/icons';
import { withShortcut } from './text';

export function IncomingCallView({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  const now = useNow(500, call.autoAnswerAt !== undefined);
  return (
    <section className="view incoming-call" aria-label={t('call.incoming')} aria-live="assertive">
      <p className="call-label ringing">{t('call.incoming')}</p>
      <CallerCard call={call} size="large" />
      {call.autoAnswerAt !== undefined && (
        <p className="auto-answer" role="status">
          {t('call.auto-answer', { count: Math.max(0, Math.ceil((call.autoAnswerAt - now) / 1000)) })}
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
          <Icon name="phone" />
          {t('action.answer')}
        </button>
        <button
          type="button"
          className="decline"
          aria-keyshortcuts={shortcuts.decline}
          title={withShortcut(t('action.decline'), shortcuts.decline)}
          onClick={() => void phone.phone.decline(call.id)}
        >
          <Icon name="phone" className="hang-up-icon" />
          {t('action.decline')}
        </button>
      </div>
      <button
        type="button"
        className="quiet busy-button"
        title={t('action.busy.hint')}
        onClick={() => void phone.phone.decline(call.id, 486)}
      >
        {t('action.busy')}
      </button>
    </section>
  );
}
