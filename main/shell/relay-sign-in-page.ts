import { shell } from 'electron';

/**
 * Opens the relay's sign-in confirmation page in the agent's system browser ("Sign in with
 * Bitrix24"). The address comes from the relay the agent configured; only http(s) is opened, so a
 * misbehaving relay cannot make the desktop open a file, a share or another app's scheme.
 */
export async function openRelaySignInPage(url: string): Promise<void> {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new Error('The relay gave a sign-in address that is not http(s)');
  }
  await shell.openExternal(parsed.toString());
}
