import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';
import { lastEndedCall } from '../store/phone-slice';
import { Dialpad } from './dialpad';
import { endText } from './text';

export function IdleView() {
  const { phone } = useServices();
  const registered = useApp((s) => s.registration.kind === 'registered');
  const lastEnded = useApp((s) => lastEndedCall(s.calls));
  return (
    <section className="view idle-view" aria-label={t('idle.ready')}>
      <h1 className={registered ? 'readiness ready' : 'readiness'}>
        {registered ? t('idle.ready') : t('idle.not-ready')}
      </h1>
      {lastEnded && (
        <p className="last-call" role="status">
          {t('idle.last-call', { number: lastEnded.remoteNumber, outcome: endText(lastEnded.end) })}
        </p>
      )}
      <Dialpad label={t('dialpad.label')} onDialled={(id) => phone.focus(id)} />
    </section>
  );
}
