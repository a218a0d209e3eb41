import { afterEach, describe, expect, it } from 'vitest';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { UserDirectory } from '../../../../main/services/bitrix/user-directory';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';

let portal: SandboxPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

describe("the portal's users by extension", () => {
  it("finds the active user behind an extension, exactly, and nobody for a former agent's", async () => {
    portal = await startSandboxPortal();
    const client = new BitrixClient(await portal.tokens(2));
    const users = new UserDirectory(() => client);
    expect(await users.userFor('102')).toBe(3);
    expect(await users.userFor('102')).toBe(3);
    // Beyond the first 50 users: the filter finds her, not paging.
    expect(await users.userFor('110')).toBe(58);
    // Eva Former left the company: her extension 104 belongs to nobody active.
    expect(await users.userFor('104')).toBeNull();
    expect(await users.userFor('10')).toBeNull();
    expect(await users.userFor('ten')).toBeNull();
    expect(await portal.requests('user.get')).toHaveLength(4);
  });

  it("gives a user's extension, or null when they have none", async () => {
    portal = await startSandboxPortal();
    const client = new BitrixClient(await portal.tokens(2));
    const users = new UserDirectory(() => client);
    expect(await users.extensionOf(3)).toBe('102');
    expect(await users.extensionOf(1)).toBeNull();
  });
});
