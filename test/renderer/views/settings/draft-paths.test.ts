import { describe, expect, it } from 'vitest';
import { valueAt, withValueAt } from '../../../../renderer/views/settings/draft-paths';

const settings = {
  phone: { autoAnswer: { always: false, delaySeconds: 0 }, codecs: ['opus', 'PCMA'] },
  recording: { mode: 'all' },
};

describe('a nested value by its dotted path', () => {
  it('is read at any depth, a list as one value', () => {
    expect(valueAt(settings, 'phone.autoAnswer.delaySeconds')).toBe(0);
    expect(valueAt(settings, 'recording.mode')).toBe('all');
    expect(valueAt(settings, 'phone.codecs')).toEqual(['opus', 'PCMA']);
  });

  it('is written into a copy that shares what it did not touch', () => {
    const changed = withValueAt(settings, 'phone.autoAnswer.always', true);
    expect(changed).toEqual({
      phone: { autoAnswer: { always: true, delaySeconds: 0 }, codecs: ['opus', 'PCMA'] },
      recording: { mode: 'all' },
    });
    expect(settings.phone.autoAnswer.always).toBe(false);
    expect(changed.recording).toBe(settings.recording);
    expect(changed.phone.codecs).toBe(settings.phone.codecs);
  });

  it('must name a leaf of the type, with a value that fits it', () => {
    // @ts-expect-error: no such setting
    expect(valueAt(settings, 'phone.autoAnswer.never')).toBeUndefined();
    // @ts-expect-error: a section is not a field
    valueAt(settings, 'phone.autoAnswer');
    // @ts-expect-error: a number setting takes no flag
    withValueAt(settings, 'phone.autoAnswer.delaySeconds', true);
  });
});
