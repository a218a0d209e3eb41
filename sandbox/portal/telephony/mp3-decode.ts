import { spawn } from 'node:child_process';

/**
 * Whether an MP3 really decodes: frame headers that add up (audio-check.ts) can still carry payloads
 * no player can use, so the emulator hands the bytes to ffmpeg (installed with the rig, see
 * .ci/setup) and accepts them only when every frame decodes without an error (`-xerror`).
 */
export type DecodeCheck = { ok: true } | { ok: false; reason: string };

const decodeTimeoutMs = 20_000;

export function decodeMp3(data: Buffer): Promise<DecodeCheck> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn(
      'ffmpeg',
      ['-nostdin', '-v', 'error', '-xerror', '-f', 'mp3', '-i', 'pipe:0', '-f', 'null', '-'],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), decodeTimeoutMs);
    ffmpeg.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    ffmpeg.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error('the portal emulator decodes MP3 recordings with ffmpeg, which is not installed')
          : error,
      );
    });
    ffmpeg.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ ok: true });
      const line = stderr
        .split('\n')
        .map((text) => text.replace(/^\[[^\]]*\]\s*/, '').trim())
        .find(Boolean);
      resolve({ ok: false, reason: `it does not decode (${line ?? `ffmpeg exited with ${code}`})` });
    });
    // A decoder that stops at the first bad frame closes its input early: that is an answer, not a fault.
    ffmpeg.stdin.on('error', () => undefined);
    ffmpeg.stdin.end(data);
  });
}
