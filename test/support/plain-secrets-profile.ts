import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The agent's secrets as a profile of an earlier version held them, in plain files. */
export const plainSecrets = {
  sipPassword: 'sip-pass-5d1e9c',
  relaySession: {
    // Nothing listens there: the host keeps trying to reach it, which is all these tests need.
    relayUrl: 'http://127.0.0.1:9',
    session: 'relay-session-bearer-8c2f47a1',
    sessionExpiresAt: 2_000_000_000_000,
    memberId: 'member-1',
    userId: 2,
    portal: 'company.bitrix24.com',
  },
  tokens: {
    access_token: 'access-token-3b7e90',
    refresh_token: '',
    expires: 2_000_000_000,
    client_endpoint: 'http://127.0.0.1:9/rest/',
    domain: 'company.bitrix24.com',
    user_id: 2,
  },
};
export const secretTexts = [
  plainSecrets.sipPassword,
  plainSecrets.relaySession.session,
  plainSecrets.tokens.access_token,
];

/** Writes them as an earlier version did: the password in settings.json, the rest in plain JSON. */
export function writePlainSecrets(profileDir: string, mode = 0o644): void {
  const sip = { wsUrl: 'wss://pbx.example.com/ws', domain: 'pbx.example.com', extension: '101' };
  const settings = { sip: { ...sip, password: plainSecrets.sipPassword } };
  writeFileSync(path.join(profileDir, 'settings.json'), JSON.stringify(settings), { mode });
  writeFileSync(path.join(profileDir, 'relay-session.json'), JSON.stringify(plainSecrets.relaySession), {
    mode,
  });
  writeFileSync(path.join(profileDir, 'bitrix-tokens.json'), JSON.stringify(plainSecrets.tokens), { mode });
}

/** Every file under `folder` (relative names) that holds one of the secrets in the clear, with which. */
export function secretsInClear(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).flatMap((name) => {
    const file = path.join(folder, name);
    if (!statSync(file).isFile()) return [];
    const text = readFileSync(file, 'latin1');
    return secretTexts.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${name}`);
  });
}

/** The mode of every file and folder under `folder` (relative names), to compare with what it must be. */
export function modesUnder(folder: string): Record<string, string> {
  const modes: Record<string, string> = { '.': (statSync(folder).mode & 0o777).toString(8) };
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' }))
    modes[name] = (statSync(path.join(folder, name)).mode & 0o777).toString(8);
  return modes;
}
