import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { speechMp3 } from '../../renderer/recording/stereo-mp3-encoder';
import { createWasmLameEncoder } from '../../renderer/recording/wasm-lame-encoder';

/**
 * Recordings as the recorder makes them (the same encoder and settings), of known tones: the
 * agent's side at `leftHz`, the customer's at `rightHz`. Returned as the chunks the renderer
 * would send, one per second.
 */
export async function encodeToneChunks(seconds: number, leftHz = 440, rightHz = 1_000): Promise<Buffer[]> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('wasm-media-encoders/wasm/mp3'));
  const encoder = await createWasmLameEncoder(wasm, speechMp3);
  const rate = speechMp3.sampleRate;
  const chunks: Buffer[] = [];
  for (let second = 0; second < seconds; second++) {
    const left = new Float32Array(rate);
    const right = new Float32Array(rate);
    for (let i = 0; i < rate; i++) {
      const t = (second * rate + i) / rate;
      left[i] = 0.4 * Math.sin(2 * Math.PI * leftHz * t);
      right[i] = 0.4 * Math.sin(2 * Math.PI * rightHz * t);
    }
    chunks.push(Buffer.from(encoder.encode(left, right)));
  }
  chunks.push(Buffer.from(encoder.finish()));
  return chunks;
}
