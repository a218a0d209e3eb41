import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultSettings, settingsSchema } from '../../../../common/settings/settings';
import { issueAt } from '../../../../renderer/views/settings/issue-routing';

function issuesOf(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues;
}

describe('a refusal of the schema', () => {
  it('reaches the field of its full path, not another whose name ends alike', () => {
    // Two sections with a field of the same name: only the refused one is told.
    const schema = z.object({
      recording: z.object({ url: z.url() }),
      desktop: z.object({ url: z.url() }),
    });
    const issues = issuesOf(schema, { recording: { url: 'https://ok.example' }, desktop: { url: 'nope' } });
    expect(issueAt(issues, 'desktop.url')?.path).toEqual(['desktop', 'url']);
    expect(issueAt(issues, 'recording.url')).toBeUndefined();
  });

  it('of an item in a list reaches the field that edits the list', () => {
    const issues = issuesOf(settingsSchema, {
      ...defaultSettings,
      phone: {
        ...defaultSettings.phone,
        network: { ...defaultSettings.phone.network, iceServers: [{ urls: 'http://stun.example' }] },
      },
    });
    expect(issueAt(issues, 'phone.network.iceServers')?.path).toEqual([
      'phone',
      'network',
      'iceServers',
      0,
      'urls',
    ]);
    expect(issueAt(issues, 'phone.network.keepAliveSeconds')).toBeUndefined();
  });

  it('of the settings reaches each refused field, and no other', () => {
    const issues = issuesOf(settingsSchema, {
      ...defaultSettings,
      sip: { wsUrl: 'https://pbx.example', domain: 'pbx.example', extension: '101', password: 'x' },
      bitrix: { portalUrl: 'company.bitrix24 dot com' },
      recording: { ...defaultSettings.recording, retentionDays: 'ninety' },
    });
    expect(issueAt(issues, 'sip.wsUrl')?.message).toBe('The PBX address must be a ws:// or wss:// URL');
    expect(issueAt(issues, 'bitrix.portalUrl')?.message).toBe('The portal address must be an http(s):// URL');
    expect(issueAt(issues, 'recording.retentionDays')?.code).toBe('invalid_type');
    expect(issueAt(issues, 'sip.domain')).toBeUndefined();
    expect(issueAt(issues, 'recording.maxDiskMb')).toBeUndefined();
  });

  it('is none for settings the schema takes (positive control)', () => {
    expect(issueAt(issuesOf(settingsSchema, defaultSettings), 'sip.wsUrl')).toBeUndefined();
  });
});
