import { useEffect, useState } from 'react';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';
import { secretsNotice } from '../app/secrets-notice';
import { bannerWording, journalNotice } from './sync-text';

/** "Bitrix24 unreachable, N calls waiting" (or "sign in again"), and the journal and secrets notices, over every view. */
export function OutboxBanner() {
  const status = useApp((s) => s.hostStatus);
  const [now, setNow] = useState(() => Date.now());
  const banner = bannerWording(status, now);
  useEffect(() => {
    if (!banner) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [banner]);
  const notice = journalNotice(status);
  const secrets = secretsNotice(status);
  if (!banner && !notice && !secrets) return null;
  return (
    <div className="outbox-banner">
      {banner && (
        <p role="alert" aria-label={t('outbox.delivery')} className={`status status-${banner.tone}`}>
          {banner.text}
        </p>
      )}
      {notice && (
        <p role="note" aria-label={t('journal.label')} className="status status-busy">
          {notice}
        </p>
      )}
      {secrets && (
        <p role="note" aria-label={t('secrets.label')} className="status status-busy">
          {secrets}
        </p>
      )}
    </div>
  );
}
