/**
 * Messages between the recorder's three threads: the page (CallRecorder), the capture worklet
 * on the audio thread, and the encoder worker. PCM goes from the worklet to the worker directly
 * over a MessageChannel, never through the page, so a busy UI cannot drop audio and the encoding
 * never blocks the UI.
 */

/** Page -> worklet. */
export type WorkletCommand =
  /** Where to send the captured blocks (the encoder worker's end of a MessageChannel). */
  | { kind: 'port'; port: MessagePort }
  /** paused: nothing is captured (the agent paused the recording: a deliberate gap);
   * silenced: silence is captured (the call is on hold: the time passes in the file too). */
  | { kind: 'mode'; paused: boolean; silenced: boolean }
  /** Send what is buffered, then the end marker. */
  | { kind: 'flush' };

/** Worklet -> worker: 100 ms of stereo PCM, or the end of the capture. */
export type CapturedBlock = { kind: 'pcm'; left: Float32Array; right: Float32Array } | { kind: 'end' };

/** Page -> worker. */
export type EncoderCommand = { kind: 'start'; wasmUrl: string; capture: MessagePort };

/** Worker -> page. */
export type EncoderEvent =
  | { kind: 'ready' }
  /** Encoded MP3 bytes, about a second's worth. */
  | { kind: 'chunk'; bytes: Uint8Array }
  /** Everything is encoded and sent. */
  | { kind: 'done' }
  | { kind: 'error'; message: string };

/** The capture's sample rate: the one AudioContext runs at the encoder's rate. */
export const captureSampleRate = 16_000;
/** Frames per block posted by the worklet (100 ms). */
export const blockFrames = 1_600;
