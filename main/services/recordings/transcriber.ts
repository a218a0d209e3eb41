import { z } from 'zod';
import type { BitrixStep } from '../../../common/bitrix/telephony';
import type { CallJournal } from '../journal/call-journal';
import { postStreamed } from '../files/streamed-post';
import type { Logger } from '../log/logger';
import type { RecordingJournal } from './recording-journal';
import { Emitter, type Listenable } from '../../../common/events/emitter';

/**
 * What the transcription endpoint (settings: recording.transcriptionUrl) answers to a POST of a
 * finished recording (body: the MP3, Content-Type audio/mpeg): the utterances it heard, each on
 * the channel it came from. Our recordings carry the agent on the left channel and the customer
 * on the right, so the channel says who spoke.
 */
export const transcriptionAnswerSchema = z.object({
  utterances: z
    .array(
      z.object({
        channel: z.union([z.enum(['left', 'right']), z.literal(0), z.literal(1)]),
        /** Seconds from the start of the recording. */
        start: z.number().nonnegative(),
        end: z.number().positive(),
        text: z.string(),
      }),
    )
    .max(10_000),
});
export type TranscriptionAnswer = z.infer<typeof transcriptionAnswerSchema>;

/**
 * Utterances as telephony.call.attachTranscription MESSAGES: left (agent) = User, right = Client.
 * The method takes whole seconds (the portal cuts fractions off, so an utterance ending at 0.6 s
 * would arrive as STOP_TIME 0 and be refused): the start is rounded down and the end up, so every
 * utterance keeps the stretch of the recording it was heard in.
 */
export function transcriptMessages(answer: TranscriptionAnswer) {
  return answer.utterances
    .filter((utterance) => utterance.text.trim() !== '' && utterance.end > utterance.start)
    .map((utterance) => ({
      SIDE: utterance.channel === 'left' || utterance.channel === 0 ? ('User' as const) : ('Client' as const),
      START_TIME: Math.floor(utterance.start),
      STOP_TIME: Math.max(1, Math.ceil(utterance.end)),
      MESSAGE: utterance.text.trim(),
    }));
}

export interface TranscriberEvents {
  /** An attachTranscription step was journaled for this call: the outbox may deliver it. */
  queued: [callKey: string];
}

export interface TranscriberOptions {
  recordings: RecordingJournal;
  calls: CallJournal;
  pathOf: (file: string) => string;
  url: () => string;
  log: Logger;
  timeoutMs?: number;
  /** Tries per recording before the transcription is given up (the recording itself is unaffected). */
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Sends each queued recording to the transcription endpoint and journals the answer as an
 * attachTranscription step after the call's attachRecord. One recording at a time; a failing
 * endpoint is retried a few times, then the transcription is marked failed (logged, never
 * blocking the recording's own upload).
 */
export class Transcriber {
  readonly #o: TranscriberOptions;
  readonly #events = new Emitter<TranscriberEvents>();
  readonly events: Listenable<TranscriberEvents> = this.#events;
  readonly #attempts = new Map<string, number>();
  #busy = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(options: TranscriberOptions) {
    this.#o = options;
  }

  wake(): void {
    if (this.#busy || this.#stopped) return;
    this.#busy = true;
    void this.#drain().finally(() => {
      this.#busy = false;
    });
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #drain(): Promise<void> {
    for (const record of this.#o.recordings.transcriptionsWanted()) {
      if (this.#stopped) return;
      const url = this.#o.url();
      if (!url) return;
      try {
        const answer = await postStreamed(url, {
          file: this.#o.pathOf(record.file),
          contentType: 'audio/mpeg',
          timeoutMs: this.#o.timeoutMs ?? 120_000,
          // An answer larger than any transcript of a call is not one.
          maxAnswerBytes: 16 * 1024 * 1024,
        });
        if (answer.status !== 200)
          throw new Error(`the transcription endpoint answered HTTP ${answer.status}`);
        const messages = transcriptMessages(transcriptionAnswerSchema.parse(JSON.parse(answer.body)));
        const now = Date.now();
        this.#o.recordings.transaction(() => {
          if (messages.length > 0) {
            const step: BitrixStep = { kind: 'attachTranscription', params: { MESSAGES: messages } };
            this.#o.calls.appendSteps(record.callKey, [step], now);
          }
          this.#o.recordings.setTranscription(record.callKey, 'queued', now);
        });
        this.#o.log.info({ callKey: record.callKey, messages: messages.length }, 'transcription queued');
        if (messages.length > 0) this.#events.emit('queued', record.callKey);
      } catch (error) {
        const attempts = (this.#attempts.get(record.callKey) ?? 0) + 1;
        this.#attempts.set(record.callKey, attempts);
        this.#o.log.warn({ err: error, callKey: record.callKey, attempts }, 'transcription failed');
        if (attempts >= (this.#o.maxAttempts ?? 3)) {
          this.#o.recordings.setTranscription(record.callKey, 'failed', Date.now());
        } else {
          this.#timer = setTimeout(() => this.wake(), this.#o.retryDelayMs ?? 30_000);
          this.#timer.unref();
          return;
        }
      }
    }
  }
}
