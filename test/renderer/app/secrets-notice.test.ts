import { describe, expect, it } from 'vitest';
import { idleHostStatus } from '../../../common/host-api/host-status';
import { secretsNotice } from '../../../renderer/app/secrets-notice';

describe('the secrets notice', () => {
  it('tells the agent when passwords and sign-ins are kept in memory only', () => {
    expect(secretsNotice({ ...idleHostStatus, secrets: 'memory-only' })).toMatch(
      /kept only until the app quits/,
    );
  });

  it('says nothing while they are kept in the keychain or the owner-only file', () => {
    expect(secretsNotice({ ...idleHostStatus, secrets: 'os-keychain' })).toBeNull();
    expect(secretsNotice({ ...idleHostStatus, secrets: 'owner-only-file' })).toBeNull();
    expect(secretsNotice(null)).toBeNull();
  });
});
