import { useEffect } from 'react';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';

/**
 * The browser refused to ring without a user gesture (the web host; the desktop app allows it):
 * say so, and ring at the agent's first click or key anywhere.
 */
export function SoundBanner() {
  const { phone } = useServices();
  const blocked = useApp((s) => s.ringtone === 'blocked');
  useEffect(() => {
    if (!blocked) return;
    const unlock = () => phone.phone.unlockAudio();
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, [blocked, phone]);
  if (!blocked) return null;
  return (
    <div className="sound-banner" role="alert">
      <span>{t('app.sound-blocked')}</span>
      <button type="button" onClick={() => phone.phone.unlockAudio()}>
        {t('app.sound-blocked.enable')}
      </button>
    </div>
  );
}
