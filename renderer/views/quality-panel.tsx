import { t, type MessageKey } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';

/**
 * Live figures of a call, folded under a one-line summary (the agent opens them when a customer
 * complains), and the warning when the line is poor, always in view.
 */
export function QualityPanel({ call }: { call: PhoneCall }) {
  const quality = useApp((s) => s.quality[call.id]);
  const direction = call.mediaDirection ? t(`direction.${call.mediaDirection}` as MessageKey) : '–';
  return (
    <>
      {quality?.poor && (
        <p className="quality-warning" role="alert">
          {t('quality.poor', {
            detail: t('quality.poor.detail', { loss: quality.lossPercent, jitter: quality.jitterMs }),
          })}
        </p>
      )}
      <details className="call-quality">
        <summary>
          {quality
            ? t('quality.summary', { mos: quality.mos.toFixed(1), codec: quality.codec ?? '–' })
            : t('quality.summary.waiting')}
        </summary>
        <dl aria-label={t('quality.label')}>
          <dt>{t('quality.codec')}</dt>
          <dd aria-label={t('quality.codec')}>{quality?.codec ?? '–'}</dd>
          <dt>{t('quality.mos')}</dt>
          <dd aria-label={t('quality.mos')}>{quality ? quality.mos.toFixed(1) : '–'}</dd>
          <dt>{t('quality.loss')}</dt>
          <dd aria-label={t('quality.loss')}>
            {quality ? t('quality.percent', { value: quality.lossPercent }) : '–'}
          </dd>
          <dt>{t('quality.jitter')}</dt>
          <dd aria-label={t('quality.jitter')}>
            {quality ? t('quality.ms', { value: quality.jitterMs }) : '–'}
          </dd>
          <dt>{t('quality.rtt')}</dt>
          <dd aria-label={t('quality.rtt')}>
            {quality?.roundTripMs !== undefined ? t('quality.ms', { value: quality.roundTripMs }) : '–'}
          </dd>
          <dt>{t('quality.packets')}</dt>
          <dd aria-label={t('quality.packets')}>{quality?.packetsReceived ?? 0}</dd>
          <dt>{t('quality.level')}</dt>
          <dd aria-label={t('quality.level')}>{(quality?.audioLevel ?? 0).toFixed(3)}</dd>
          <dt>{t('quality.direction')}</dt>
          <dd aria-label={t('quality.direction')} data-direction={call.mediaDirection ?? ''}>
            {direction}
          </dd>
        </dl>
      </details>
    </>
  );
}
