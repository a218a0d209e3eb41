import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { getAbi } from 'node-abi';
import { WebSocketServer } from 'ws';
import { hostMethodNames } from '../../common/host-api/contract';
import { hostGlobalName } from '../../common/host-api/host-global';
import { nativeModuleAbi } from '../../packaging/native-module-abi';
import {
  crashLog,
  launchDesktopApp,
  quitDesktopApp,
  spawnDesktopApp,
  type DesktopBinary,
} from './support/desktop-app';
import { pbxEndpoints } from './support/pbx';

/**
 * The check a release machine runs on the real Electron binary, under Xvfb inside the PBX rig's
 * namespace (docs/desktop-app.md, "Before a release"): once on the built app (`electron .`) and
 * once on electron-builder's `--dir` output. Build machines cannot download Electron's binary, so
 * there each part is skipped and says what to run where it can.
 */
const root = path.resolve(import.meta.dirname, '../..');
const assets = path.join(root, 'out/renderer/assets');

function unpackedBuild(): DesktopBinary | null {
  // path.txt instead of require('electron'), which would try to download the binary.
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile) || !existsSync(path.join(root, 'out/main/index.js'))) return null;
  const executable = path.join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { name: 'built app', executable, args: [root] } : null;
}

/** `electron .` loads node_modules/better-sqlite3, which the web host and the tests need built for Node. */
async function addonBuiltForElectron(): Promise<boolean> {
  const electron = JSON.parse(
    readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  const addon = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  return existsSync(addon) && (await nativeModuleAbi(addon)) === Number(getAbi(electron.version, 'electron'));
}

function packagedBuild(): DesktopBinary | null {
  const executable = path.join(root, 'dist/linux-unpacked/b24phone');
  return existsSync(executable) ? { name: 'package', executable, args: [] } : null;
}

/** The page's own URL of a bundled asset (Vite adds a hash to the name). */
function assetUrl(prefix: string, extension: string): string {
  const file = readdirSync(assets).find((name) => name.startsWith(prefix) && name.endsWith(extension));
  if (!file) throw new Error(`no ${prefix}*${extension} in ${assets}: run 'npm run build'`);
  return `app://b24phone/assets/${file}`;
}

/** What the checks use of the page's globals, typed by hand: the Node-side tsconfig has no DOM. */
interface PageGlobals {
  navigator: {
    mediaDevices: {
      getUserMedia(constraints: { audio: boolean }): Promise<{
        getAudioTracks(): unknown[];
        getTracks(): Array<{ stop(): void }>;
      }>;
      enumerateDevices(): Promise<Array<{ kind: string }>>;
    };
  };
  Audio: new () => { setSinkId(id: string): Promise<void>; sinkId: string };
  AudioContext: new (options: { sampleRate: number }) => {
    audioWorklet: { addModule(url: string): Promise<void> };
    close(): Promise<void>;
  };
  AudioWorkletNode: new (context: unknown, name: string) => { disconnect(): void };
  Worker: new (url: string) => {
    onmessage: ((event: { data: { kind: string; message?: string } }) => void) | null;
    onerror: ((event: { message: string }) => void) | null;
    postMessage(message: unknown, transfer: unknown[]): void;
    terminate(): void;
  };
  MessageChannel: new () => { port2: unknown };
  WebSocket: new (
    url: string,
    protocol: string,
  ) => {
    onopen: (() => void) | null;
    onerror: (() => void) | null;
    close(): void;
  };
}

/** The host API's top-level keys: one per area of the contract, and `on`. */
const expectedHostKeys = [...new Set(hostMethodNames.map((name) => name.split('/')[0] ?? '')), 'on'].sort();

const unpacked = unpackedBuild();
const binaries: Array<{ name: string; binary: DesktopBinary | null; missing: string }> = [
  {
    name: 'built app (electron .)',
    binary: unpacked !== null && (await addonBuiltForElectron()) ? unpacked : null,
    missing:
      unpacked === null
        ? "no Electron binary in node_modules/electron/dist or no out/ (build machines cannot download Electron): run 'npx install-electron' where the internet is reachable, then 'npm run build'"
        : "node_modules/better-sqlite3 is built for Node, not Electron: for this run 'npx electron-rebuild -f -o better-sqlite3', and 'npm rebuild better-sqlite3' after it",
  },
  {
    name: 'package (electron-builder --dir)',
    binary: packagedBuild(),
    missing:
      "no dist/linux-unpacked: run 'B24PHONE_UPDATE_URL=https://<your update folder>/ npm run dist -- --linux --dir' on a machine with Electron's binary",
  },
];

for (const { name, binary, missing } of binaries) {
  test.describe(`desktop app: ${name}`, () => {
    test.skip(binary === null, missing);
    test.setTimeout(180_000);

    test('starts, works on the real binary, takes a link from a second launch, quits and restarts', async () => {
      if (binary === null) return;
      const profile = mkdtempSync(path.join(tmpdir(), 'b24phone-smoke-'));
      // A PBX's WebSocket on loopback; the rig's is on a private address of the namespace.
      const loopbackPbx = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
      await new Promise((resolve) => loopbackPbx.once('listening', resolve));
      const loopbackUrl = `ws://127.0.0.1:${(loopbackPbx.address() as { port: number }).port}`;
      const privateUrl = pbxEndpoints().wsUrl;
      let app = await launchDesktopApp(binary, profile);
      try {
        if (binary.args.length === 0) {
          const feed = readFileSync(
            path.join(path.dirname(binary.executable), 'resources/app-update.yml'),
            'utf8',
          );
          const url = /^url: (.*)$/m.exec(feed)?.[1] ?? '';
          expect(URL.canParse(url) && new URL(url).protocol === 'https:', `app-update.yml url: ${url}`).toBe(
            true,
          );
        }

        const console: string[] = [];
        app.page.on('console', (message: ConsoleMessage) =>
          console.push(`${message.type()}: ${message.text()}`),
        );
        app.page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
        await app.page.addInitScript(() => {
          const page = globalThis as unknown as { cspViolations: string[]; document: EventTarget };
          page.cspViolations = [];
          page.document.addEventListener('securitypolicyviolation', (event) => {
            const violation = event as unknown as { violatedDirective: string; blockedURI: string };
            page.cspViolations.push(`${violation.violatedDirective} ${violation.blockedURI}`);
          });
        });
        // From the first script on, with the listeners above in place.
        await app.page.reload();
        await app.page.waitForFunction(() => {
          const root = (
            globalThis as unknown as {
              document: { getElementById(id: string): { childElementCount: number } | null };
            }
          ).document.getElementById('root');
          return (root?.childElementCount ?? 0) > 0;
        });

        const seen = await app.page.evaluate(
          async ({ hostName, workletUrl, workerUrl, wasmUrl, loopbackUrl, privateUrl }) => {
            const page = globalThis as unknown as PageGlobals & Record<string, unknown>;
            const host = page[hostName] as
              { calls: { history(query: { limit: number }): Promise<unknown> } } | undefined;
            const stream = await page.navigator.mediaDevices.getUserMedia({ audio: true });
            const devices = await page.navigator.mediaDevices.enumerateDevices();
            const audio = new page.Audio();
            await audio.setSinkId('default');
            const context = new page.AudioContext({ sampleRate: 16_000 });
            await context.audioWorklet.addModule(workletUrl);
            const capture = new page.AudioWorkletNode(context, 'b24phone-capture');
            capture.disconnect();
            await context.close();
            const worker = new page.Worker(workerUrl);
            const channel = new page.MessageChannel();
            const encoder = await new Promise<string>((resolve) => {
              worker.onmessage = (event) =>
                resolve(event.data.kind === 'error' ? `error: ${event.data.message ?? ''}` : event.data.kind);
              worker.onerror = (event) => resolve(`error: ${event.message}`);
              worker.postMessage({ kind: 'start', wasmUrl, capture: channel.port2 }, [channel.port2]);
            });
            worker.terminate();
            const connect = (url: string) =>
              new Promise<string>((resolve) => {
                const socket = new page.WebSocket(url, 'sip');
                socket.onopen = () => {
                  socket.close();
                  resolve('open');
                };
                socket.onerror = () => resolve('error');
              });
            const result = {
              hostKeys: Object.keys(host ?? {}).sort(),
              nodeVisible: 'require' in page || 'process' in page,
              microphoneTracks: stream.getAudioTracks().length,
              audioInputs: devices.filter((device) => device.kind === 'audioinput').length,
              sinkId: audio.sinkId,
              encoder,
              loopback: await connect(loopbackUrl),
              private: await connect(privateUrl),
              history: host ? Array.isArray(await host.calls.history({ limit: 1 })) : false,
            };
            for (const track of stream.getTracks()) track.stop();
            return result;
          },
          {
            hostName: hostGlobalName,
            workletUrl: assetUrl('capture-worklet', '.js'),
            workerUrl: assetUrl('encoder-worker', '.js'),
            wasmUrl: assetUrl('mp3', '.wasm'),
            loopbackUrl,
            privateUrl,
          },
        );
        expect(seen).toEqual({
          hostKeys: expectedHostKeys,
          nodeVisible: false,
          microphoneTracks: 1,
          audioInputs: expect.any(Number) as unknown,
          sinkId: 'default',
          encoder: 'ready',
          loopback: 'open',
          private: 'open',
          history: true,
        });
        expect(seen.audioInputs).toBeGreaterThan(0);
        expect(console.filter((line) => /preload|Content Security Policy|pageerror/i.test(line))).toEqual([]);
        expect(
          await app.page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations),
        ).toEqual([]);

        // A tel: link opened while the app runs: a second launch hands it over and exits.
        await app.page.evaluate((hostName) => {
          const page = globalThis as unknown as Record<string, unknown> & { commands: unknown[] };
          page.commands = [];
          const host = page[hostName] as { on(event: string, listener: (payload: unknown) => void): unknown };
          host.on('phone/command', (command) => page.commands.push(command));
        }, hostGlobalName);
        const second = spawnDesktopApp(binary, profile, ['--', 'tel:+4930123456']);
        expect(await second.exited).toBe(0);
        await app.page.waitForFunction(() =>
          (globalThis as unknown as { commands: Array<{ kind: string; number?: string }> }).commands.some(
            (command) => command.kind === 'dial' && command.number === '+4930123456',
          ),
        );

        expect(await quitDesktopApp(app)).toBe(0);
        expect(crashLog(profile)).toBe('');

        // The same profile again: the journal and settings written by the first run open.
        app = await launchDesktopApp(binary, profile);
        expect(
          await app.page.evaluate(async (hostName) => {
            const host = (
              globalThis as unknown as Record<string, { calls: { history(q: object): Promise<unknown> } }>
            )[hostName];
            return Array.isArray(await host?.calls.history({ limit: 1 }));
          }, hostGlobalName),
        ).toBe(true);
        expect(await quitDesktopApp(app)).toBe(0);
        expect(crashLog(profile)).toBe('');
      } finally {
        if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
        loopbackPbx.close();
        rmSync(profile, { recursive: true, force: true });
      }
    });
  });
}
