import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import { appStore, useApp } from '../store/app-store';

/**
 * A tel:/callto:/sip: link asks to call a number: any web page can open one, so the number is shown
 * and dialled only when the agent says yes (Enter, the focused button) - Escape or "Don't call"
 * drops it. Shown over whatever the window shows, so it is never missed.
 */
export function LinkDialPrompt() {
  const { phone } = useServices();
  const number = useApp((s) => s.linkDial);
  if (number === null) return null;
  const close = () => appStore.getState().setLinkDial(null);
  const call = () => {
    close();
    void phone.dial(number);
  };
  return (
    <div
      className="link-dial-prompt"
      role="alertdialog"
      aria-label={t('link-dial.title')}
      aria-describedby="link-dial-number"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <p id="link-dial-number">{t('link-dial.question', { number })}</p>
      <div className="link-dial-actions">
        {/* Focused at once: Enter confirms, as the agent expects of a question the app asks. */}
        <button type="button" className="secondary" autoFocus onClick={call}>
          {t('link-dial.call')}
        </button>
        <button type="button" className="quiet" onClick={close}>
          {t('link-dial.cancel')}
        </button>
      </div>
    </div>
  );
}
