import { z } from 'zod';

/**
 * Call recording (issue 7): what is recorded, how long files stay, and where finished recordings
 * go for a transcript.
 */

/** all: every answered call from answer to hangup; on-demand: only while the agent presses
 * Record; never: no recording at all (the Record button is hidden). */
export const recordingModeSchema = z.enum(['all', 'on-demand', 'never']);
export type RecordingMode = z.infer<typeof recordingModeSchema>;

/** none: nothing is played; beep: the customer hears a short tone when the recording starts
 * (at the answer in mode `all`, at the agent's Record in mode `on-demand`). */
export const recordingConsentSchema = z.enum(['none', 'beep']);
export type RecordingConsent = z.infer<typeof recordingConsentSchema>;

const transcriptionUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    if (value === '') return true;
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  }, 'The transcription endpoint must be an https:// URL (http:// only on this computer)');

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export const recordingSettingsSchema = z.object({
  mode: recordingModeSchema.default('all'),
  consent: recordingConsentSchema.default('none'),
  /** Uploaded recordings older than this leave the disk (0: kept until the size limit). */
  retentionDays: z.number().int().min(0).max(3650).default(90),
  /** The most the recordings folder may hold; the oldest uploaded files go first. */
  maxDiskMb: z.number().int().min(50).max(1_000_000).default(2_048),
  /** Receives each finished recording (POST audio/mpeg) and answers its utterances; empty: off. */
  transcriptionUrl: transcriptionUrlSchema.default(''),
});
export type RecordingSettings = z.infer<typeof recordingSettingsSchema>;
