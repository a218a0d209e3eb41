import { Mp3Encoder } from '@breezystack/lamejs';
import type { Mp3EncoderSettings, StereoMp3Encoder } from './stereo-mp3-encoder';

/** lamejs, LAME ported to plain JavaScript: measured as the alternative (docs/BENCHMARKS.md). */
export function createLamejsEncoder(settings: Mp3EncoderSettings): StereoMp3Encoder {
  const encoder = new Mp3Encoder(2, settings.sampleRate, settings.kbps);
  return {
    encode: (left, right) => bytes(encoder.encodeBuffer(toInt16(left), toInt16(right))),
    finish: () => bytes(encoder.flush()),
  };
}

/** lamejs hands out signed bytes: the same bytes, copied as unsigned. */
function bytes(data: Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

function toInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return out;
}
