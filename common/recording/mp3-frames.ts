/**
 * Reads an MP3 file's frame structure from its bytes, without decoding: how much of it is whole
 * frames, and how long that lasts. The recorder's files are raw MPEG audio frames (no ID3, no
 * Xing header) appended as they are encoded, so a file cut by a crash is whole up to its last
 * complete frame; this finds that frame, and refuses files that are not MP3 at all.
 */

export interface Mp3Scan {
  /** Whole frames from the start of the file. */
  frames: number;
  /** Bytes up to the end of the last whole frame (a longer file ends in a cut or garbage). */
  wholeBytes: number;
  durationSec: number;
  sampleRate: number;
  channels: 1 | 2;
  /** Why the scan stopped before the end of the data, if it did. */
  stoppedBy: 'end' | 'cut-frame' | 'not-a-frame';
}

const bitratesKbps = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;
const sampleRates: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface FrameHeader {
  length: number;
  samples: number;
  sampleRate: number;
  channels: 1 | 2;
}

/** The Layer III frame header at `offset`, or null when there is none. */
export function readFrameHeader(data: Uint8Array, offset: number): FrameHeader | null {
  if (offset + 4 > data.length) return null;
  const b1 = data[offset + 1]!;
  const b2 = data[offset + 2]!;
  const b3 = data[offset + 3]!;
  if (data[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  if (version === 1 || layer !== 1) return null;
  const bitrate = (version === 3 ? bitratesKbps.mpeg1 : bitratesKbps.mpeg2)[b2 >> 4];
  const sampleRate = sampleRates[version]?.[(b2 >> 2) & 0x03];
  if (!bitrate || !sampleRate) return null;
  const padding = (b2 >> 1) & 0x01;
  const samples = version === 3 ? 1152 : 576;
  const length = Math.floor((samples / 8) * ((bitrate * 1000) / sampleRate)) + padding;
  return { length, samples, sampleRate, channels: b3 >> 6 === 3 ? 1 : 2 };
}

export function scanMp3(data: Uint8Array): Mp3Scan {
  let offset = 0;
  let frames = 0;
  let samples = 0;
  let sampleRate = 0;
  let channels: 1 | 2 = 2;
  let stoppedBy: Mp3Scan['stoppedBy'] = 'end';
  while (offset < data.length) {
    const frame = readFrameHeader(data, offset);
    if (!frame) {
      stoppedBy = offset + 4 > data.length ? 'cut-frame' : 'not-a-frame';
      break;
    }
    if (offset + frame.length > data.length) {
      stoppedBy = 'cut-frame';
      break;
    }
    frames += 1;
    samples += frame.samples;
    sampleRate = frame.sampleRate;
    channels = frame.channels;
    offset += frame.length;
  }
  return {
    frames,
    wholeBytes: offset,
    durationSec: sampleRate ? samples / sampleRate : 0,
    sampleRate,
    channels,
    stoppedBy,
  };
}

/**
 * Why a finished recording must not be uploaded, or null when it is a playable MP3: no frames at
 * all (empty, or not MP3), or less than half a second of audio.
 */
export function unusableRecording(scan: Mp3Scan, totalBytes: number): string | null {
  if (totalBytes === 0) return 'the recording is empty';
  if (scan.frames === 0) return 'the recording holds no MP3 audio';
  if (scan.stoppedBy === 'not-a-frame' && scan.wholeBytes < totalBytes / 2)
    return `the recording is unreadable after ${scan.durationSec.toFixed(1)} s`;
  if (scan.durationSec < 0.5) return 'the recording is shorter than half a second';
  return null;
}
