import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';
import { Icon } from '../theme/icons';

/** Up to two initials of a name ("Boris Petrov" -> "BP"), for the avatar. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * Who is on the line: the CRM's name when the directory knows the number (caller-directory.ts),
 * the name SIP presented, and the number. `size` large for the ringing screen, compact in a call.
 */
export function CallerCard({ call, size }: { call: PhoneCall; size: 'large' | 'compact' }) {
  const crmName = useApp((s) => s.crmNames[call.remoteNumber]);
  const sipName = call.remoteName && call.remoteName !== call.remoteNumber ? call.remoteName : undefined;
  const initials = initialsOf(crmName ?? sipName ?? '');
  return (
    <div className={`caller-card ${size}`}>
      <div className={crmName ? 'avatar known' : 'avatar'} aria-hidden="true">
        {initials || <Icon name="phone" />}
      </div>
      <div className="caller-text">
        {crmName && <p className="crm-name">{t('call.crm-name', { name: crmName })}</p>}
        <h1 className="caller-number" aria-label={t('call.caller-number')}>
          {call.remoteNumber}
        </h1>
        {sipName && (
          <p className="caller-name" aria-label={t('call.caller-name')}>
            {sipName}
          </p>
        )}
        {crmName && <p className="crm-badge">{t('call.crm-card')}</p>}
      </div>
    </div>
  );
}
