/// <reference lib="ES2023" />
import { blockFrames, type CapturedBlock, type WorkletCommand } from './capture-protocol';

/**
 * The capture worklet (audio thread): takes the ChannelMerger's stereo output (agent left,
 * customer right) 128 frames at a time, packs 100 ms blocks and transfers them to the encoder
 * worker. Bundled by Vite as its own script (`?worker&url`) and loaded with audioWorklet.addModule.
 */

declare const AudioWorkletProcessor: {
  prototype: { readonly port: MessagePort };
  new (): { readonly port: MessagePort };
};
declare function registerProcessor(name: string, processor: unknown): void;

class CaptureProcessor extends AudioWorkletProcessor {
  #out: MessagePort | null = null;
  #left = new Float32Array(blockFrames);
  #right = new Float32Array(blockFrames);
  #filled = 0;
  #paused = false;
  #silenced = false;
  #ended = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<WorkletCommand>) => {
      const command = event.data;
      if (command.kind === 'port') this.#out = command.port;
      else if (command.kind === 'mode') {
        this.#paused = command.paused;
        this.#silenced = command.silenced;
      } else this.#end();
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.#ended) return false;
    if (this.#paused) return true;
    const channels = inputs[0] ?? [];
    const left = channels[0];
    const right = channels[1];
    const frames = left?.length ?? 128;
    for (let i = 0; i < frames; i++) {
      this.#left[this.#filled] = this.#silenced || !left ? 0 : left[i]!;
      this.#right[this.#filled] = this.#silenced || !right ? 0 : right[i]!;
      this.#filled += 1;
      if (this.#filled === blockFrames) this.#send();
    }
    return true;
  }

  #send(): void {
    if (this.#filled === 0) return;
    const block: CapturedBlock = {
      kind: 'pcm',
      left: this.#left.slice(0, this.#filled),
      right: this.#right.slice(0, this.#filled),
    };
    this.#out?.postMessage(block, [block.left.buffer, block.right.buffer]);
    this.#filled = 0;
  }

  #end(): void {
    this.#send();
    this.#ended = true;
    const end: CapturedBlock = { kind: 'end' };
    this.#out?.postMessage(end);
  }
}

registerProcessor('b24phone-capture', CaptureProcessor);
