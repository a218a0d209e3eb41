import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../common/settings/settings';
import { updateFeedUrl } from '../../../main/shell/update-feed';

const withUrl = (updateUrl: string) => ({ desktop: { ...defaultSettings.desktop, updateUrl } });

describe('update feed', () => {
  it("prefers the operator's environment, then the agent's settings", () => {
    expect(
      updateFeedUrl(
        { B24PHONE_UPDATE_URL: 'https://updates.example.com/b24phone/' },
        withUrl('https://s.example.com'),
      ),
    ).toBe('https://updates.example.com/b24phone/');
    expect(updateFeedUrl({}, withUrl('https://s.example.com/u'))).toBe('https://s.example.com/u');
  });

  it('falls back to the packaged URL (null) when nothing usable is set', () => {
    expect(updateFeedUrl({}, defaultSettings)).toBeNull();
    expect(updateFeedUrl({ B24PHONE_UPDATE_URL: 'http://plain.example.com' }, defaultSettings)).toBeNull();
    expect(updateFeedUrl({ B24PHONE_UPDATE_URL: 'not a url' }, defaultSettings)).toBeNull();
  });
});
