import { createEncoder } from 'wasm-media-encoders';
import type { Mp3EncoderSettings, StereoMp3Encoder } from './stereo-mp3-encoder';

/**
 * LAME compiled to WebAssembly (wasm-media-encoders). `wasm` is the module's URL (the renderer
 * bundles mp3.wasm as an asset of our own origin) or its bytes (Node). Compiling it needs
 * 'wasm-unsafe-eval' in the page's script-src (main/shell/content-security-policy.ts).
 */
export async function createWasmLameEncoder(
  wasm: string | ArrayBuffer | Uint8Array,
  settings: Mp3EncoderSettings,
): Promise<StereoMp3Encoder> {
  const encoder = await createEncoder('audio/mpeg', wasm);
  encoder.configure({
    sampleRate: settings.sampleRate,
    channels: 2,
    bitrate: settings.kbps,
    outputSampleRate: settings.sampleRate,
  });
  // The encoder owns its output buffer: copy before the next call.
  return {
    encode: (left, right) => encoder.encode([left, right]).slice(),
    finish: () => encoder.finalize().slice(),
  };
}
