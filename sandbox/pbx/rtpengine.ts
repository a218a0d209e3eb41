import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { exitedDuringStartup, startProcess, type ManagedProcess } from './managed-process';
import { waitUntil } from './wait-until';

export interface RtpengineOptions {
  /** Address rtpengine binds RTP on and writes into SDP. */
  mediaAddress: string;
  /** Address and UDP port of the NG control protocol Kamailio talks to. */
  ngAddress: string;
  ngPort: number;
  rtpPortMin: number;
  rtpPortMax: number;
  runDir: string;
  startTimeoutMs: number;
}

/**
 * Starts rtpengine in user space (no kernel module, no /etc config, no syslog) and resolves once it
 * answers an NG `ping`. Start it before Kamailio: Kamailio pings it once at start-up and, when that
 * fails, treats it as dead until `rtpengine_disable_tout` has passed.
 */
export async function startRtpengine(options: RtpengineOptions): Promise<ManagedProcess> {
  const rtpengine = startProcess({
    name: 'rtpengine',
    command: 'rtpengine',
    args: [
      '--config-file=none',
      `--interface=${options.mediaAddress}`,
      `--listen-ng=${options.ngAddress}:${options.ngPort}`,
      '--table=-1',
      '--foreground',
      '--log-stderr',
      `--port-min=${options.rtpPortMin}`,
      `--port-max=${options.rtpPortMax}`,
      // Two cores shared with Chromium and Kamailio: more threads only add contention.
      '--num-threads=2',
      // Forget finished calls at once, so a following test never sees a previous call's state.
      '--delete-delay=0',
    ],
    logFile: path.join(options.runDir, 'rtpengine.log'),
  });
  try {
    await waitUntil(
      'rtpengine to answer an NG ping',
      () => pingRtpengine(options.ngAddress, options.ngPort),
      {
        timeoutMs: options.startTimeoutMs,
        abort: () => exitedDuringStartup(rtpengine),
      },
    );
  } catch (error) {
    await rtpengine.stop();
    throw error;
  }
  return rtpengine;
}

/**
 * Sends one NG `ping` (bencoded, prefixed by a cookie) and resolves true on `pong`, undefined when
 * no answer came within `timeoutMs`.
 */
export function pingRtpengine(address: string, port: number, timeoutMs = 200): Promise<true | undefined> {
  const cookie = randomBytes(6).toString('hex');
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    const finish = (result: true | undefined): void => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (message) => {
      const text = message.toString('latin1');
      if (text.startsWith(`${cookie} `) && text.includes('6:result4:pong')) finish(true);
    });
    socket.send(`${cookie} d7:command4:pinge`, port, address);
  });
}
