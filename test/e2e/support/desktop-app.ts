import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';

/**
 * The desktop app as a release machine runs it: the real Electron binary (the unpacked build with
 * `electron .`, or electron-builder's `--dir` output), a profile of its own, Chromium's fake
 * camera and microphone. It is driven over Chromium's DevTools protocol rather than Playwright's
 * `_electron.launch`, which attaches through Node's `--inspect`: the packaged binary has that
 * fuse flipped off (electron-builder.yml), and both kinds are driven the same way.
 */
export interface DesktopBinary {
  name: string;
  executable: string;
  /** Before the app's own arguments: the app folder for `electron .`, nothing for a package. */
  args: string[];
}

export interface RunningDesktopApp {
  child: ChildProcess;
  browser: Browser;
  page: Page;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
}

/** The window must be up within this; if not, the crash log says why. */
export const windowDeadlineMs = 15_000;
export const appPageUrl = 'app://b24phone/index.html';

export function crashLog(profile: string): string {
  const file = path.join(profile, 'logs', 'crash.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Starts the app; `extraArgs` go last (a link for a second launch). */
export function spawnDesktopApp(binary: DesktopBinary, profile: string, extraArgs: string[] = []) {
  const child = spawn(
    binary.executable,
    [...binary.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', ...extraArgs],
    { env: { ...process.env, B24PHONE_PROFILE_DIR: profile }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

/** Starts the app with a DevTools port and returns once its window shows our page. */
export async function launchDesktopApp(binary: DesktopBinary, profile: string): Promise<RunningDesktopApp> {
  const { child, exited } = spawnDesktopApp(binary, profile, ['--remote-debugging-port=0']);
  let output = '';
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no DevTools endpoint')), windowDeadlineMs);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      void exited.then((code) => reject(new Error(`exited with ${code} before its window`)));
    });
    const browser = await chromium.connectOverCDP(endpoint, { timeout: windowDeadlineMs });
    const context = browser.contexts()[0];
    if (!context) throw new Error('no browser context');
    const page =
      context.pages().find((p) => p.url() === appPageUrl) ??
      (await context.waitForEvent('page', {
        predicate: (p) => p.url() === appPageUrl,
        timeout: windowDeadlineMs,
      }));
    return { child, browser, page, exited };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `${binary.name}: no window on ${appPageUrl} within ${windowDeadlineMs} ms (${String(error)}).\n` +
        `crash.log:\n${crashLog(profile) || '(empty)'}\noutput:\n${output}`,
      { cause: error },
    );
  }
}

/** Quits as the session ending does (SIGTERM: Electron quits the app) and returns the exit code. */
export async function quitDesktopApp(app: RunningDesktopApp): Promise<number | null> {
  await app.browser.close().catch(() => undefined);
  app.child.kill('SIGTERM');
  return app.exited;
}
