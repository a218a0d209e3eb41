import { beforeEach, describe, expect, it } from 'vitest';
import { openRelaySignInPage } from '../../../main/shell/relay-sign-in-page';
import { resetElectronMock, shell } from '../../mocks/electron';

describe('the relay sign-in page in the system browser', () => {
  beforeEach(resetElectronMock);

  it('opens the relay confirmation page', async () => {
    await openRelaySignInPage('https://relay.example.com/agent/sign-in/confirm?pairing=pair_1');
    expect(shell.opened).toEqual(['https://relay.example.com/agent/sign-in/confirm?pairing=pair_1']);
  });

  it.each(['file:///etc/passwd', 'smb://share/x', 'javascript:alert(1)', 'not a url'])(
    'refuses %s, which a misbehaving relay might send',
    async (url) => {
      await expect(openRelaySignInPage(url)).rejects.toThrow(/not http/);
      expect(shell.opened).toEqual([]);
    },
  );
});
