import { useState } from 'react';
import type { IceServer } from '../../../common/settings/phone-settings';
import { t } from '../../i18n/t';
import { FieldError } from './field-error';
import { useSetting } from './settings-form';

/** One server a line: `urls [username [credential]]`. */
function textOf(servers: readonly IceServer[]): string {
  return servers
    .map((server) => [server.urls, server.username, server.credential].filter(Boolean).join(' '))
    .join('\n');
}

function serversOf(text: string): IceServer[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [urls = '', username = '', credential = ''] = line.split(/\s+/);
      return { urls, username, credential };
    });
}

/**
 * The STUN/TURN servers, edited as text. The text is the field's own (a line being typed, with its
 * trailing space or newline, is no server yet); the setting gets the servers it reads as.
 */
export function IceServersField() {
  const { value, set, issue } = useSetting('phone.network.iceServers');
  const [text, setText] = useState(() => textOf(value));
  return (
    <label className="field">
      <span>{t('settings.network.iceServers')}</span>
      <textarea
        rows={2}
        value={text}
        aria-invalid={issue ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          set(serversOf(event.target.value));
        }}
      />
      <FieldError issue={issue} invalid="validation.iceServers" />
    </label>
  );
}
