import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../common/settings/settings';

describe('recording settings', () => {
  it('default to recording every answered call, no consent beep, 90 days, 2 GB, no transcription', () => {
    expect(settingsSchema.parse({}).recording).toEqual({
      mode: 'all',
      consent: 'none',
      retentionDays: 90,
      maxDiskMb: 2_048,
      transcriptionUrl: '',
    });
  });

  it('fill in what an older settings file lacks (no consent choice yet)', () => {
    expect(
      settingsSchema.parse({ recording: { mode: 'on-demand', retentionDays: 30 } }).recording,
    ).toMatchObject({
      mode: 'on-demand',
      consent: 'none',
      retentionDays: 30,
    });
  });

  it('take the consent beep', () => {
    expect(settingsSchema.parse({ recording: { consent: 'beep' } }).recording.consent).toBe('beep');
  });

  it.each([
    [{ consent: 'announcement' }],
    [{ mode: 'sometimes' }],
    [{ retentionDays: -1 }],
    [{ maxDiskMb: 10 }],
    [{ transcriptionUrl: 'http://transcribe.example.com/' }],
    [{ transcriptionUrl: 'ftp://127.0.0.1/' }],
  ])('refuses %j', (recording) => {
    expect(settingsSchema.safeParse({ recording }).success).toBe(false);
  });

  it('take an https transcription endpoint, or http on this computer', () => {
    for (const transcriptionUrl of [
      'https://stt.example.com/v1',
      'http://127.0.0.1:8000/stt',
      'http://localhost/x',
    ])
      expect(settingsSchema.parse({ recording: { transcriptionUrl } }).recording.transcriptionUrl).toBe(
        transcriptionUrl,
      );
  });
});
