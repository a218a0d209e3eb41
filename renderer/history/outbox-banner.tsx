import { useEffect, useState } from 'react';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';
import { bannerWording, journalNotice } from './sync-text';

/** "Bitrix24 unreachable, N calls waiting" (or "sign in again"), and the journal notice, over every view. */
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
  if (!banner && !notice) return null;
  return (
    <div className="outbox-banner">
      {banner && (
        <p role="alert" aria-label={t('outbox.banner.label')} className={`status status-${banner.tone}`}>
          {banner.text}
        </p>
      )}
      {notice && (
        <p role="note" aria-label={t('journal.set-aside.label')} className="status status-busy">
          {notice}
        </p>
      )}
    </div>
  );
}
