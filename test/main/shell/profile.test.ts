import { beforeEach, describe, expect, it } from 'vitest';
import { setupProfileDir } from '../../../main/shell/profile';
import { resetElectronMock } from '../../mocks/electron';

describe('profile folder', () => {
  beforeEach(resetElectronMock);

  it("is Electron's per-user folder by default", () => {
    expect(setupProfileDir({})).toBe('/tmp/b24phone-fake/userData');
  });

  it('moves, with Chromium data and the single-instance lock, to B24PHONE_PROFILE_DIR', () => {
    expect(setupProfileDir({ B24PHONE_PROFILE_DIR: '/srv/profiles/agent7' })).toBe('/srv/profiles/agent7');
    expect(setupProfileDir({ B24PHONE_PROFILE_DIR: '  ' })).toBe('/srv/profiles/agent7');
  });
});
