import { describe, expect, it } from 'vitest';
import { languageOfVoice } from '../../../renderer/relay/read-aloud';

describe('languageOfVoice', () => {
  it('reads the language from the start of Bitrix24’s voice id', () => {
    expect(languageOfVoice('ruinternalfemale')).toBe('ru-RU');
    expect(languageOfVoice('ENinternalMale')).toBe('en-US');
    expect(languageOfVoice('uainternalfemale')).toBe('uk-UA');
  });

  it('leaves the language to the engine when it cannot tell', () => {
    expect(languageOfVoice(undefined)).toBeUndefined();
    expect(languageOfVoice('')).toBeUndefined();
    expect(languageOfVoice('xxvoice')).toBeUndefined();
  });
});
