import path from 'node:path';
import { bitrixTokensSchema, type BitrixTokens } from '../../../common/bitrix/oauth-tokens';
import type { Logger } from '../log/logger';
import { JsonSecret } from '../secrets/json-secret';
import type { SecretStore } from '../secrets/secret-store';

export { bitrixTokensSchema, type BitrixTokens };
export type BitrixTokenStore = JsonSecret<BitrixTokens>;

/**
 * The agent's Bitrix24 tokens, in the secret store (earlier versions: `bitrix-tokens.json`). The
 * client secret is never here: refreshing goes through the relay (or, in the sandbox, is not needed).
 */
export function bitrixTokenStore(profileDir: string, secrets: SecretStore, log: Logger): BitrixTokenStore {
  return new JsonSecret({
    secrets,
    name: 'bitrix-tokens',
    schema: bitrixTokensSchema,
    plainFile: path.join(profileDir, 'bitrix-tokens.json'),
    log,
  });
}
