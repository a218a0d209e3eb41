/**
 * Whether a recording is really a complete WAV or MP3 file, read from its bytes. Bitrix24 accepts
 * only .wav and .mp3; the emulator goes further and refuses content that is not what the extension
 * says, is truncated (a file still being written: RIFF sizes that do not add up, an MP3 ending in
 * the middle of a frame) or holds no audio.
 */
export type AudioCheck =
  | { ok: true; format: 'wav' | 'mp3'; durationSec: number; contentType: string }
  | { ok: false; reason: string };

export function checkAudio(data: Buffer, format: 'wav' | 'mp3'): AudioCheck {
  return format === 'wav' ? checkWav(data) : checkMp3(data);
}

function checkWav(data: Buffer): AudioCheck {
  if (
    data.length < 44 ||
    data.toString('latin1', 0, 4) !== 'RIFF' ||
    data.toString('latin1', 8, 12) !== 'WAVE'
  ) {
    return { ok: false, reason: 'not a RIFF/WAVE file' };
  }
  const riffSize = data.readUInt32LE(4);
  if (riffSize + 8 !== data.length && riffSize + 9 !== data.length) {
    return {
      ok: false,
      reason: `RIFF size ${riffSize + 8} does not match the file size ${data.length} (incomplete file?)`,
    };
  }
  let offset = 12;
  let byteRate = 0;
  let blockAlign = 0;
  let dataSize = -1;
  while (offset + 8 <= data.length) {
    const id = data.toString('latin1', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > data.length)
      return { ok: false, reason: `chunk "${id}" runs past the end of the file` };
    if (id === 'fmt ') {
      if (size < 16) return { ok: false, reason: 'fmt chunk too short' };
      const audioFormat = data.readUInt16LE(body);
      const channels = data.readUInt16LE(body + 2);
      const sampleRate = data.readUInt32LE(body + 4);
      byteRate = data.readUInt32LE(body + 8);
      blockAlign = data.readUInt16LE(body + 12);
      if (![1, 3, 6, 7, 0xfffe].includes(audioFormat))
        return { ok: false, reason: `unsupported WAV format ${audioFormat}` };
      if (
        channels < 1 ||
        channels > 8 ||
        sampleRate < 1000 ||
        sampleRate > 384_000 ||
        byteRate === 0 ||
        blockAlign === 0
      ) {
        return { ok: false, reason: 'implausible fmt chunk' };
      }
    } else if (id === 'data') {
      dataSize = size;
    }
    offset = body + size + (size % 2);
  }
  if (byteRate === 0) return { ok: false, reason: 'no fmt chunk' };
  if (dataSize <= 0) return { ok: false, reason: 'no audio data' };
  if (dataSize % blockAlign !== 0) return { ok: false, reason: 'data chunk is not a whole number of frames' };
  return { ok: true, format: 'wav', durationSec: round(dataSize / byteRate), contentType: 'audio/wav' };
}

const bitratesKbps: Record<'1' | '2', number[]> = {
  // Layer III, MPEG-1 and MPEG-2/2.5; index 0 (free format) and 15 (bad) are refused.
  '1': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const sampleRates: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface Mp3Frame {
  length: number;
  samples: number;
  sampleRate: number;
}

function readFrame(data: Buffer, offset: number): Mp3Frame | null {
  if (offset + 4 > data.length) return null;
  const b1 = data[offset + 1] ?? 0;
  const b2 = data[offset + 2] ?? 0;
  if (data[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  if (version === 1 || layer !== 1) return null;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  const padding = (b2 >> 1) & 0x01;
  const bitrate = bitratesKbps[version === 3 ? '1' : '2'][bitrateIndex];
  const sampleRate = sampleRates[version]?.[rateIndex];
  if (!bitrate || !sampleRate) return null;
  const factor = version === 3 ? 144 : 72;
  const length = Math.floor((factor * bitrate * 1000) / sampleRate) + padding;
  return { length, samples: version === 3 ? 1152 : 576, sampleRate };
}

function checkMp3(data: Buffer): AudioCheck {
  let offset = 0;
  if (data.toString('latin1', 0, 3) === 'ID3' && data.length >= 10) {
    const size = ((data[6] ?? 0) << 21) | ((data[7] ?? 0) << 14) | ((data[8] ?? 0) << 7) | (data[9] ?? 0);
    offset = 10 + size + ((data[5] ?? 0) & 0x10 ? 10 : 0);
  }
  let end = data.length;
  if (end - offset >= 128 && data.toString('latin1', end - 128, end - 125) === 'TAG') end -= 128;
  let frames = 0;
  let samples = 0;
  let sampleRate = 0;
  while (offset < end) {
    const frame = readFrame(data, offset);
    if (!frame) {
      return {
        ok: false,
        reason: frames === 0 ? 'no MPEG audio frame where one must start' : `garbage after frame ${frames}`,
      };
    }
    if (offset + frame.length > end)
      return { ok: false, reason: `frame ${frames + 1} is cut off (incomplete file?)` };
    frames += 1;
    samples += frame.samples;
    sampleRate = frame.sampleRate;
    offset += frame.length;
  }
  if (frames < 2) return { ok: false, reason: 'no audio frames' };
  return { ok: true, format: 'mp3', durationSec: round(samples / sampleRate), contentType: 'audio/mpeg' };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
