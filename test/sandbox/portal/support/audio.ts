import { Mp3Encoder } from '@breezystack/lamejs';

function tone(samples: number): Int16Array {
  const pcm = new Int16Array(samples);
  for (let index = 0; index < samples; index += 1) pcm[index] = Math.round(8000 * Math.sin(index / 4));
  return pcm;
}

const made = new Map<string, Buffer>();

function memo(key: string, make: () => Buffer): Buffer {
  const found = made.get(key) ?? make();
  made.set(key, found);
  return Buffer.from(found);
}

/** A complete 16-bit mono PCM WAV of `seconds`. */
export function wavFile(seconds = 1, sampleRate = 8000): Buffer {
  return memo(`wav:${seconds}:${sampleRate}`, () => {
    const pcm = tone(Math.round(seconds * sampleRate));
    const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVE', 8, 'latin1');
    header.write('fmt ', 12, 'latin1');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(sampleRate, 24);
    header.writeUInt32LE(sampleRate * 2, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'latin1');
    header.writeUInt32LE(data.length, 40);
    return Buffer.concat([header, data]);
  });
}

/** A complete MP3 (lamejs, the encoder our recorder uses) of `seconds`. */
export function mp3File(seconds = 1, sampleRate = 16000): Buffer {
  return memo(`mp3:${seconds}:${sampleRate}`, () => {
    const encoder = new Mp3Encoder(1, sampleRate, 32);
    const parts = [encoder.encodeBuffer(tone(Math.round(seconds * sampleRate))), encoder.flush()];
    return Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
  });
}

/**
 * mp3File() with every frame's payload scrambled and its 4-byte header intact: the frame walk still
 * adds up, but no decoder can use it. (mp3File's frames are MPEG-2 Layer III, 32 kbit/s, 16 kHz:
 * 144 bytes, plus one when the header's padding bit is set.)
 */
export function undecodableMp3(seconds = 1): Buffer {
  const bytes = mp3File(seconds);
  for (let offset = 0; offset + 4 <= bytes.length;) {
    const length = 144 + (((bytes[offset + 2] ?? 0) >> 1) & 1);
    for (let index = offset + 4; index < Math.min(offset + length, bytes.length); index += 1)
      bytes[index] = ((bytes[index] ?? 0) * 31 + 7) & 0xff;
    offset += length;
  }
  return bytes;
}
