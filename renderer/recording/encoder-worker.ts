/// <reference lib="WebWorker" />
import type { CapturedBlock, EncoderCommand, EncoderEvent } from './capture-protocol';
import { speechMp3, type StereoMp3Encoder } from './stereo-mp3-encoder';
import { createWasmLameEncoder } from './wasm-lame-encoder';

/**
 * The encoder worker: one per recorded call. Receives 100 ms PCM blocks straight from the capture
 * worklet, encodes them to MP3 (LAME in WebAssembly, measured in docs/BENCHMARKS.md) and posts the
 * bytes to the page about once a second, which sends them to the host.
 */

declare const self: DedicatedWorkerGlobalScope;

const chunkMs = 1_000;
let encoder: StereoMp3Encoder | null = null;
let pending: Uint8Array[] = [];
let pendingSince = 0;

function post(event: EncoderEvent, transfer: Transferable[] = []): void {
  self.postMessage(event, transfer);
}

function flush(): void {
  const size = pending.reduce((sum, part) => sum + part.length, 0);
  if (size > 0) {
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const part of pending) {
      bytes.set(part, offset);
      offset += part.length;
    }
    post({ kind: 'chunk', bytes }, [bytes.buffer]);
  }
  pending = [];
  pendingSince = Date.now();
}

function onBlock(block: CapturedBlock): void {
  if (!encoder) return;
  if (block.kind === 'end') {
    pending.push(encoder.finish());
    flush();
    encoder = null;
    post({ kind: 'done' });
    return;
  }
  const bytes = encoder.encode(block.left, block.right);
  if (bytes.length > 0) pending.push(bytes);
  if (Date.now() - pendingSince >= chunkMs) flush();
}

self.onmessage = async (event: MessageEvent<EncoderCommand>) => {
  const command = event.data;
  try {
    // Fetched here (our own origin) and handed over as bytes: no MIME-type dependence.
    const wasm = await (await fetch(command.wasmUrl)).arrayBuffer();
    encoder = await createWasmLameEncoder(wasm, speechMp3);
    pendingSince = Date.now();
    command.capture.onmessage = (message: MessageEvent<CapturedBlock>) => {
      try {
        onBlock(message.data);
      } catch (error) {
        post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    };
    post({ kind: 'ready' });
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
