/**
 * The window's keyboard shortcuts (the desktop shell adds system-wide ones for answer and hang up).
 * Alt + a letter, so they never collide with typing a number; each button that has one says so in
 * `aria-keyshortcuts` and its tooltip.
 */
export const shortcuts = {
  answer: 'Alt+A',
  decline: 'Alt+D',
  hangup: 'Alt+E',
  hold: 'Alt+H',
  mute: 'Alt+M',
  keypad: 'Alt+K',
  transfer: 'Alt+T',
  newNumber: 'Alt+N',
  redial: 'Alt+R',
} as const;

export type ShortcutAction = keyof typeof shortcuts;

/** The action a key press means, if any. */
export function shortcutOf(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>,
): ShortcutAction | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  // `code`, not `key`: Alt+letter types other characters on some layouts (and on macOS).
  const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
  if (!letter) return null;
  const found = Object.entries(shortcuts).find(([, keys]) => keys === `Alt+${letter}`);
  return (found?.[0] as ShortcutAction | undefined) ?? null;
}
