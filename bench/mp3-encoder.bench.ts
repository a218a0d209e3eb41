/**
 * MP3 encoder speed, in multiples of real time on one core (Node runs the encoder on one thread,
 * as the recorder's Web Worker does), for each candidate, at our speech settings (16 kHz stereo,
 * 48 kbps CBR). Budget (docs/ARCHITECTURE.md#budgets): >= 100x real time. Also the bytes per minute.
 *
 * Signal: the agent's side a 440 Hz tone with a little noise, the customer's the speech of sipp's
 * sample capture, looped; fed in 100 ms blocks as the worklet delivers them.
 *
 * Two figures per run: by the wall clock, and by the CPU time the process used (user + system):
 * on a machine shared with other work the wall clock also counts the time others had the core,
 * the CPU time does not.
 *
 *   npx tsx bench/mp3-encoder.bench.ts [seconds=120] [runs=7]
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createLamejsEncoder } from '../renderer/recording/lamejs-encoder';
import { speechMp3, type StereoMp3Encoder } from '../renderer/recording/stereo-mp3-encoder';
import { createWasmLameEncoder } from '../renderer/recording/wasm-lame-encoder';
import { sampleSpeech16k } from '../test/support/audio-analysis';
import { formatSummary, machine, summarize } from './support/stats';

const seconds = Number(process.argv[2] ?? 120);
const runs = Number(process.argv[3] ?? 7);
const rate = speechMp3.sampleRate;
const block = rate / 10;

const speech = sampleSpeech16k();
const total = seconds * rate;
const left = new Float32Array(total);
const right = new Float32Array(total);
let seed = 1;
for (let i = 0; i < total; i++) {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  left[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate) + 0.01 * (seed / 2 ** 31 - 0.5);
  right[i] = speech[i % speech.length]!;
}

const wasm = readFileSync(createRequire(import.meta.url).resolve('wasm-media-encoders/wasm/mp3'));
const candidates: Record<string, () => Promise<StereoMp3Encoder>> = {
  'wasm-lame (wasm-media-encoders 0.7.0)': () => createWasmLameEncoder(wasm, speechMp3),
  'lamejs (@breezystack/lamejs 1.2.7)': () => Promise.resolve(createLamejsEncoder(speechMp3)),
};

async function run(name: string): Promise<{ speed: number; cpuSpeed: number; bytes: number }> {
  const encoder = await candidates[name]!();
  let bytes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let offset = 0; offset < total; offset += block) {
    bytes += encoder.encode(
      left.subarray(offset, offset + block),
      right.subarray(offset, offset + block),
    ).length;
  }
  bytes += encoder.finish().length;
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { speed: seconds / elapsed, cpuSpeed: seconds / ((used.user + used.system) / 1e6), bytes };
}

console.log(`machine: ${machine()}`);
console.log(
  `signal: ${seconds} s stereo at ${rate} Hz, ${speechMp3.kbps} kbps CBR, ${runs} runs per encoder`,
);
for (const name of Object.keys(candidates)) {
  await run(name); // warm-up: compile the WASM, let the JIT settle
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await run(name));
  console.log(formatSummary(`${name} speed`, summarize(results.map((r) => r.speed)), 'x real time'));
  console.log(
    formatSummary(`${name} speed by CPU time`, summarize(results.map((r) => r.cpuSpeed)), 'x real time'),
  );
  console.log(`${name} bytes per minute: ${Math.round((results[0]!.bytes / seconds) * 60)}`);
}
