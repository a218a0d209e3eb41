import type { ReactNode } from 'react';
import { t, type MessageKey } from '../../i18n/t';

/** One section of the settings screen: a fieldset under its legend. */
export function SettingsSection({ legend, children }: { legend: MessageKey; children: ReactNode }) {
  return (
    <fieldset>
      <legend>{t(legend)}</legend>
      {children}
    </fieldset>
  );
}
