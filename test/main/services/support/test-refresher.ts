import { bitrixTokensSchema, type BitrixTokens } from '../../../../common/bitrix/oauth-tokens';
import { BitrixCallError } from '../../../../main/services/bitrix/bitrix-call-error';
import type { SandboxPortal } from './sandbox-portal';

/**
 * Test-side stand-in for the relay's token refresh: it holds the installed app's client
 * credentials (the desktop never does) and the latest refresh token, and refreshes against the
 * emulator's /oauth/token/. A refused grant comes out as `sign-in-required`, as the relay link must.
 */
export class TestRefresher {
  #refreshToken: string;
  refreshes = 0;

  constructor(
    private readonly portal: SandboxPortal,
    tokens: BitrixTokens,
  ) {
    this.#refreshToken = tokens.refresh_token;
  }

  /** A new sign-in happened: refresh with its token from now on. */
  signedIn(tokens: BitrixTokens): void {
    this.#refreshToken = tokens.refresh_token;
  }

  readonly refresh = async (): Promise<BitrixTokens> => {
    this.refreshes += 1;
    const { clientId, clientSecret } = await this.portal.appCredentials();
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: this.#refreshToken,
    });
    let response: Response;
    try {
      response = await fetch(`${this.portal.url}/oauth/token/`, { method: 'POST', body });
    } catch (error) {
      throw new BitrixCallError('network', '', `token refresh failed: ${String(error)}`, 0);
    }
    const answer = (await response.json()) as Record<string, unknown>;
    if (typeof answer.error === 'string') {
      const lost = ['invalid_grant', 'invalid_client', 'invalid_request'].includes(answer.error);
      throw new BitrixCallError(
        lost ? 'sign-in-required' : 'server',
        answer.error,
        typeof answer.error_description === 'string' ? answer.error_description : answer.error,
        response.status,
      );
    }
    const tokens = bitrixTokensSchema.parse(answer);
    this.#refreshToken = tokens.refresh_token;
    return tokens;
  };
}
