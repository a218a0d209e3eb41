import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startProcess, type ManagedProcess } from '../../../sandbox/pbx/managed-process';

const run = promisify(execFile);

/**
 * The media keys of a Linux desktop, for real: a private D-Bus session bus that the agent's
 * Chromium joins, where Chromium publishes the page's Media Session as an MPRIS player
 * (`org.mpris.MediaPlayer2.chromium.instance<pid>`). Pressing a key is what the desktop's
 * media-key daemon - or BlueZ's mpris-proxy for a Bluetooth headset's button - does: a call of
 * the player's PlayPause or Stop method. The bus is ours (no service activation, a socket in a
 * temporary folder of its own) and is stopped by its PID.
 */
export interface MediaKeys {
  /** DBUS_SESSION_BUS_ADDRESS for the browser. */
  address: string;
  /** The MPRIS players on the bus now (Chromium publishes one while a page's media plays). */
  players(): Promise<string[]>;
  /** Presses a key on the one player, waiting up to 10 s for it to appear. */
  press(key: 'PlayPause' | 'Stop'): Promise<void>;
  /** What the player says of itself: Playing, Paused or Stopped. */
  playbackStatus(): Promise<string>;
  stop(): Promise<void>;
}

export async function startMediaKeys(directory: string): Promise<MediaKeys> {
  // A Unix socket's path has ~100 bytes at most: the test's folder is too deep for it.
  const socketDir = mkdtempSync(path.join(tmpdir(), 'b24phone-bus-'));
  const socket = path.join(socketDir, 'bus');
  const address = `unix:path=${socket}`;
  const config = path.join(directory, 'session-bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>${address}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const bus: ManagedProcess = startProcess({
    name: 'session bus',
    command: 'dbus-daemon',
    args: ['--nofork', `--config-file=${config}`],
    logFile: path.join(directory, 'session-bus.log'),
  });
  const deadline = Date.now() + 5_000;
  while (!existsSync(socket)) {
    if (bus.exit() || Date.now() > deadline)
      throw new Error(`dbus-daemon did not start (log: ${bus.logFile}):\n${bus.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const send = async (...args: string[]) =>
    (await run('dbus-send', [`--bus=${address}`, '--print-reply', ...args], { timeout: 5_000 })).stdout;
  const players = async () => {
    const names = await send(
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.ListNames',
    );
    return [...names.matchAll(/"(org\.mpris\.MediaPlayer2\.[^"]+)"/g)].map((match) => match[1] ?? '');
  };
  const player = async () => {
    const until = Date.now() + 10_000;
    let found = await players();
    while (found.length === 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await players();
    }
    if (found.length !== 1)
      throw new Error(`expected one MPRIS player on the bus, found [${found.join(', ')}]`);
    return found[0] ?? '';
  };
  const mpris = '/org/mpris/MediaPlayer2';
  const press = async (key: 'PlayPause' | 'Stop') => {
    await send(`--dest=${await player()}`, mpris, `org.mpris.MediaPlayer2.Player.${key}`);
  };
  const playbackStatus = async () => {
    const reply = await send(
      `--dest=${await player()}`,
      mpris,
      'org.freedesktop.DBus.Properties.Get',
      'string:org.mpris.MediaPlayer2.Player',
      'string:PlaybackStatus',
    );
    return /string "(\w+)"/.exec(reply)?.[1] ?? '';
  };
  return {
    address,
    players,
    press,
    playbackStatus,
    stop: async () => {
      await bus.stop();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
