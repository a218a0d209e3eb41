import { t, type MessageKey } from '../i18n/t';
import { useApp } from '../store/app-store';
import { Icon, type IconName } from '../theme/icons';

/** The window's sections; the phone's call screens take over "phone" when a call is up. */
export type Section = 'phone' | 'history' | 'callbacks' | 'settings';

const sections: Array<{ section: Section; label: MessageKey; icon: IconName }> = [
  { section: 'phone', label: 'app.nav.phone', icon: 'phone' },
  { section: 'history', label: 'app.nav.history', icon: 'history' },
  { section: 'callbacks', label: 'app.nav.callbacks', icon: 'callback' },
  { section: 'settings', label: 'app.nav.settings', icon: 'settings' },
];

/** The tab bar at the bottom: one button per section, the current one marked for screen readers. */
export function AppNav({ current, onSelect }: { current: Section; onSelect: (section: Section) => void }) {
  const settingsLoaded = useApp((s) => s.settings !== null);
  const offers = useApp((s) => s.callbackOffers.length);
  return (
    <nav className="app-nav" aria-label={t('app.nav.label')}>
      {sections.map(({ section, label, icon }) => (
        <button
          key={section}
          type="button"
          aria-current={current === section ? 'page' : undefined}
          disabled={section === 'settings' && !settingsLoaded}
          onClick={() => onSelect(section)}
        >
          <Icon name={icon} />
          <span>{t(label)}</span>
          {section === 'callbacks' && offers > 0 && (
            <span className="nav-badge" aria-hidden="true">
              {offers}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
