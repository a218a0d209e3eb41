import { useRef, useState, type FormEvent } from 'react';
import { useServices } from '../app/app-services';
import { shortcuts } from '../app/shortcuts';
import { t, type MessageKey } from '../i18n/t';
import { appStore, useApp } from '../store/app-store';
import type { DialRefusal } from '../store/phone-slice';
import { Icon } from '../theme/icons';
import { withShortcut } from './text';

export const keypadKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

const refusalKeys: Record<Exclude<DialRefusal['code'], 'click-to-call' | 'mobile-click'>, MessageKey> = {
  empty: 'dialpad.invalid.empty',
  characters: 'dialpad.invalid.characters',
  'too-long': 'dialpad.invalid.too-long',
  'not-dialable': 'dialpad.invalid.not-dialable',
  failed: 'dialpad.failed',
};

/** What the agent reads about a refused number. */
export function refusalText(refusal: DialRefusal): string {
  if (refusal.code === 'click-to-call')
    return t('dialpad.clickToCallRefused', { number: refusal.number, why: t(refusalKeys[refusal.why]) });
  // The setting is named as the settings screen names it, in the agent's language.
  if (refusal.code === 'mobile-click')
    return t('dialpad.mobileClickLeft', { number: refusal.number, setting: t('settings.dial.mobileClicks') });
  return t(refusalKeys[refusal.code]);
}

/**
 * A number field and a keypad; Enter or "Call" dials through the dial rules. An invalid number
 * gets its message here and nothing is sent. `label` names the form (dialpad, add call).
 */
export function Dialpad({ label, onDialled }: { label: string; onDialled?: (callId: string) => void }) {
  const { phone } = useServices();
  const [number, setNumber] = useState('');
  const refusal = useApp((s) => s.dialRefusal);
  const lastDialled = useApp((s) => s.dialled[0]?.number);
  const input = useRef<HTMLInputElement>(null);
  const errorId = `${label.replace(/\W+/g, '-').toLowerCase()}-error`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = await phone.dial(number);
    if (id) {
      setNumber('');
      onDialled?.(id);
    } else {
      input.current?.focus();
    }
  };

  return (
    <form className="dialpad" aria-label={label} onSubmit={(event) => void submit(event)} noValidate>
      <div className="dialpad-field">
        <input
          ref={input}
          id="dial-number"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          aria-label={t('dialpad.number')}
          aria-keyshortcuts={shortcuts.newNumber}
          aria-invalid={refusal ? true : undefined}
          aria-describedby={refusal ? errorId : undefined}
          value={number}
          onChange={(event) => {
            setNumber(event.target.value);
            // Typing again clears the message: it was about the number refused.
            if (refusal) appStore.getState().setDialRefusal(null);
          }}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={t('dialpad.clear')}
          disabled={number === ''}
          onClick={() => setNumber(number.slice(0, -1))}
        >
          <Icon name="backspace" />
        </button>
      </div>
      {refusal && (
        <p id={errorId} role="alert" className="field-error">
          {refusalText(refusal)}
        </p>
      )}
      <div className="keypad" role="group" aria-label={t('dialpad.label')}>
        {keypadKeys.map((key) => (
          <button
            key={key}
            type="button"
            aria-label={t('dialpad.key', { key })}
            onClick={() => {
              setNumber(number + key);
              input.current?.focus();
            }}
          >
            {key}
          </button>
        ))}
      </div>
      <div className="call-actions">
        <button type="submit" className="answer">
          <Icon name="phone" />
          {t('dialpad.call')}
        </button>
        {lastDialled && (
          <button
            type="button"
            className="quiet"
            aria-keyshortcuts={shortcuts.redial}
            title={withShortcut(t('dialpad.redial', { number: lastDialled }), shortcuts.redial)}
            onClick={() => void phone.redial().then((id) => id && onDialled?.(id))}
          >
            {t('dialpad.redial', { number: lastDialled })}
          </button>
        )}
      </div>
    </form>
  );
}
