import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * Launches the built desktop app where an Electron binary is installed, and checks from inside the
 * page what the unit tests can only check from outside: our origin, the host API and nothing
 * else in the page's reach, the CSP header, no new windows. Build machines cannot download
 * Electron's binary, so there this test is skipped and says why.
 */
const root = path.resolve(import.meta.dirname, '../..');

function installedElectron(): string | null {
  // Reading path.txt instead of require('electron'), which would try to download the binary.
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = path.join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

const executablePath = installedElectron();

test.describe('desktop app (Electron)', () => {
  test.skip(
    executablePath === null,
    "No Electron binary in node_modules/electron/dist (it cannot be downloaded on build machines): run 'npx install-electron' where the internet is reachable, then 'npm run build'.",
  );

  test('opens one hardened window on app:// with only the host API exposed', async () => {
    expect(existsSync(path.join(root, 'out/main/index.js')), "run 'npm run build' first").toBe(true);
    const profile = mkdtempSync(path.join(tmpdir(), 'b24phone-smoke-'));
    const app = await electron.launch({
      executablePath: executablePath ?? '',
      args: [root],
      env: { ...process.env, B24PHONE_PROFILE_DIR: profile },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://b24phone/index.html');
      const seen = await page.evaluate(async () => {
        // Runs in the page; typed by hand because the Node-side tsconfig has no DOM.
        const page = globalThis as unknown as {
          b24phoneHost?: { settings: { get: () => Promise<unknown> } };
          location: { href: string };
          open: (url: string) => unknown;
        };
        const host = page.b24phoneHost;
        const settings = host ? await host.settings.get() : null;
        const response = await fetch(page.location.href);
        return {
          hostKeys: host ? Object.keys(host).sort() : [],
          settingsLoaded: settings !== null && typeof settings === 'object',
          nodeVisible: 'require' in globalThis || 'process' in globalThis,
          opened: page.open('https://example.com/') !== null,
          csp: response.headers.get('content-security-policy') ?? '',
        };
      });
      expect(seen.hostKeys).toEqual(['calls', 'on', 'phone', 'settings', 'status']);
      expect(seen.settingsLoaded).toBe(true);
      expect(seen.nodeVisible).toBe(false);
      expect(seen.opened).toBe(false);
      expect(seen.csp).toContain("script-src 'self'");
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
