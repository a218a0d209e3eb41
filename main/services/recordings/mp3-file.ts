import { closeSync, openSync, readSync } from 'node:fs';
import { scanMp3, type Mp3Scan } from '../../../common/recording/mp3-frames';

const blockBytes = 1024 * 1024;

/**
 * Scans an MP3 file's frames block by block (common/recording/mp3-frames.ts), so even a long
 * recording is never read into memory whole.
 */
export function scanMp3File(file: string): Mp3Scan {
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.alloc(blockBytes);
    let position = 0;
    let carried = 0;
    let frames = 0;
    let durationSec = 0;
    let sampleRate = 0;
    let channels: 1 | 2 = 2;
    let stoppedBy: Mp3Scan['stoppedBy'] = 'end';
    for (;;) {
      const read = readSync(fd, block, carried, blockBytes - carried, position + carried);
      const available = carried + read;
      const atEnd = read === 0 || available < blockBytes;
      const scan = scanMp3(block.subarray(0, available));
      frames += scan.frames;
      durationSec += scan.durationSec;
      if (scan.frames > 0) {
        sampleRate = scan.sampleRate;
        channels = scan.channels;
      }
      if (scan.stoppedBy === 'not-a-frame' || atEnd) {
        stoppedBy = scan.stoppedBy;
        position += scan.wholeBytes;
        return { frames, wholeBytes: position, durationSec, sampleRate, channels, stoppedBy };
      }
      // A frame cut by the block's end: carry its bytes over to the next block.
      block.copy(block, 0, scan.wholeBytes, available);
      carried = available - scan.wholeBytes;
      position += scan.wholeBytes;
    }
  } finally {
    closeSync(fd);
  }
}
