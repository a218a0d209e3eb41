import { describe, expect, it } from 'vitest';
import { shortcutOf, shortcuts } from '../../../renderer/app/shortcuts';

const press = (
  code: string,
  modifiers: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {},
) => shortcutOf({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code, ...modifiers });

describe('shortcuts', () => {
  it('maps Alt + letter to the actions', () => {
    expect(press('KeyA')).toBe('answer');
    expect(press('KeyE')).toBe('hangup');
    expect(press('KeyH')).toBe('hold');
    expect(press('KeyM')).toBe('mute');
  });

  it('ignores other combinations and keys', () => {
    expect(press('KeyA', { altKey: false })).toBeNull();
    expect(press('KeyA', { ctrlKey: true })).toBeNull();
    expect(press('KeyZ')).toBeNull();
    expect(press('Digit1')).toBeNull();
  });

  it('gives every action its own key', () => {
    const keys = Object.values(shortcuts);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
