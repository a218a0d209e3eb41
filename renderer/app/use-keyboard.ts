import { useEffect } from 'react';
import { dtmfOf } from '../phone/dtmf';
import { isConnected } from '../phone/leg-phase';
import { appStore } from '../store/app-store';
import { focusedCall, liveCalls } from '../store/phone-slice';
import type { PhoneController } from './phone-controller';
import { shortcutOf } from './shortcuts';

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The window's shortcuts (shortcuts.ts), and digits as DTMF during a call when no field has focus. */
export function useKeyboard(phone: PhoneController): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = appStore.getState();
      const live = liveCalls(state.calls);
      const focused = focusedCall(state.calls, state.focusedCallId);
      const ringing = live.find((call) => call.phase === 'ringing');
      const action = shortcutOf(event);
      if (!action) {
        const digit = event.key.length === 1 ? dtmfOf(event.key) : '';
        if (
          digit &&
          focused &&
          isConnected(focused.phase) &&
          !typingIn(event.target) &&
          !event.altKey &&
          !event.ctrlKey &&
          !event.metaKey
        )
          void phone.phone.sendDtmf(focused.id, digit);
        return;
      }
      event.preventDefault();
      switch (action) {
        case 'answer':
          if (ringing) void phone.phone.answer(ringing.id).then(() => phone.focus(ringing.id));
          return;
        case 'decline':
          if (ringing) void phone.phone.decline(ringing.id);
          return;
        case 'hangup':
          if (focused) void phone.phone.hangup(focused.id);
          return;
        case 'hold':
          if (focused?.phase === 'active') void phone.phone.hold(focused.id);
          else if (focused?.phase === 'held') void phone.phone.resume(focused.id);
          return;
        case 'mute':
          if (focused && isConnected(focused.phase)) phone.phone.setMuted(focused.id, !focused.muted);
          return;
        case 'keypad':
          if (focused && isConnected(focused.phase)) state.toggleCallPanel('keypad');
          return;
        case 'transfer':
          if (focused && isConnected(focused.phase)) state.toggleCallPanel('transfer');
          return;
        case 'newNumber':
          if (focused && isConnected(focused.phase)) state.setCallPanel('add-call');
          requestAnimationFrame(() => document.getElementById('dial-number')?.focus());
          return;
        case 'redial':
          void phone.redial();
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phone]);
}
