import { chromium, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import type { PbxRigEndpoints } from '../../../sandbox/pbx/rig';
import type { ManagedProcess } from '../../../sandbox/pbx/managed-process';
import { startNodeService } from '../../../sandbox/services/node-service';
import type { PortalClient } from '../../../sandbox/portal/sandbox-client';

/** One agent at work: a web host on its own profile, and its page in Chromium. */
export interface Agent {
  extension: string;
  /** The agent's Bitrix24 user. */
  userId: number;
  url: string;
  page: Page;
  profileDir: string;
  /** The web host's process now (the agent's "host process": journal, outbox, recordings). */
  host(): ManagedProcess;
  /** Starts the web host again on the same profile, after it died (the page stays where it was). */
  restartHost(): Promise<void>;
  /** Closes the page and stops the web host (by its PID). Safe to call twice. */
  stop(): Promise<void>;
}

export interface AgentOptions {
  browser: Browser;
  rig: PbxRigEndpoints;
  portal: PortalClient;
  extension: string;
  /** Where the profile, the host's log and the console of the page go. */
  directory: string;
  /** Settings to start with, over the defaults (SIP account on the rig, Bitrix24 on the portal). */
  settings?: Partial<Settings>;
  /** Wait until the phone is registered (default); false for agents set up to fail. */
  expectRegistered?: boolean;
  /** A WAV file the agent's fake microphone plays (looped): the agent then gets a browser of its
   * own, since Chromium takes the file at launch. */
  fakeAudioWav?: string;
  /** Environment for a browser of the agent's own (e.g. the D-Bus session its media keys come
   * from, support/media-keys.ts). */
  browserEnv?: Record<string, string>;
  /** Runs on the new page before the app loads (e.g. to attach a DevTools session). */
  beforeLoad?: (page: Page) => Promise<void>;
  /** The browser as the agent's OS sets it up: colour scheme, languages, window size, time zone. */
  contextOptions?: BrowserContextOptions;
  /** Runs on the profile folder before the web host starts (e.g. to leave a damaged journal there). */
  beforeStart?: (profileDir: string) => void;
  /** More arguments for the web host (e.g. `--tuning` with delivery timings for the test). */
  hostArgs?: string[];
}

/**
 * Starts an agent the way an operator would set one up before the relay's sign-in exists:
 * settings and a Bitrix24 token pair provisioned into a fresh profile, the web host started on it,
 * the app opened in a new browser context, waiting until the phone is registered.
 */
export async function startAgent(options: AgentOptions): Promise<Agent> {
  const { rig, portal, extension } = options;
  const profileDir = path.join(options.directory, 'profile');
  mkdirSync(profileDir, { recursive: true });
  const userId = await portal.userIdForExtension(extension);
  const settings: Settings = {
    sip: {
      wsUrl: rig.wsUrl,
      domain: rig.sipDomain,
      extension,
      password: rig.agentPassword,
      displayName: `Agent ${extension}`,
      callIdHeader: '',
      // The rig's callers name the external line they came in on in X-Line.
      lineHeader: 'X-Line',
    },
    bitrix: { portalUrl: portal.origin },
    cardPolicy: 'on-ring',
    defaultLineNumber: '',
    crmCreate: defaultSettings.crmCreate,
    desktop: defaultSettings.desktop,
    phone: defaultSettings.phone,
    recording: defaultSettings.recording,
    appearance: defaultSettings.appearance,
    ...options.settings,
  };
  const provisionFile = path.join(options.directory, 'provision.json');
  writeFileSync(provisionFile, JSON.stringify({ settings, bitrixTokens: await portal.tokensFor(userId) }));
  options.beforeStart?.(profileDir);

  const startHost = (provision: string[]) =>
    startNodeService({
      name: `web host for ${extension}`,
      script: 'main/web-host/cli.ts',
      args: ['--port', '0', '--profile', profileDir, ...provision, ...(options.hostArgs ?? [])],
      readyLine: /web host ready at (http:\/\/\S+)/,
      logFile: path.join(options.directory, 'web-host.out'),
    });
  let host = await startHost(['--provision', provisionFile]);
  const ownBrowser =
    options.fakeAudioWav || options.browserEnv
      ? await chromium.launch({
          ...chromiumLaunchOptions(options.fakeAudioWav),
          ...(options.browserEnv ? { env: { ...process.env, ...options.browserEnv } } : {}),
        })
      : null;
  const context = await (ownBrowser ?? options.browser).newContext(options.contextOptions);
  const page = await context.newPage();
  const consoleLog: string[] = [];
  page.on('console', (message) => consoleLog.push(`${message.type()}: ${message.text()}`));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    writeFileSync(path.join(options.directory, 'console.log'), consoleLog.join('\n'));
    await context.close();
    await ownBrowser?.close();
    await host.process.stop();
  };
  try {
    await options.beforeLoad?.(page);
    await page.goto(host.url);
    if (options.expectRegistered !== false) {
      await page
        .getByRole('status', { name: 'SIP status' })
        .getByText('registered')
        .waitFor({ timeout: 15_000 });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const restartHost = async () => {
    host = await startHost([]);
  };
  return { extension, userId, url: host.url, page, profileDir, host: () => host.process, restartHost, stop };
}
