import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsSchema, type Settings } from '../../../../common/settings/settings';
import { withValueAt } from '../../../../renderer/views/settings/draft-paths';
import { candidateOf, draftOf } from '../../../../renderer/views/settings/settings-draft';

const configured: Settings = {
  ...defaultSettings,
  sip: {
    wsUrl: 'wss://pbx.example:8089/ws',
    domain: 'pbx.example',
    extension: '101',
    password: 'secret',
    displayName: 'Anna',
    callIdHeader: '',
    lineHeader: 'X-Line',
  },
  bitrix: { portalUrl: 'https://company.bitrix24.com' },
};

describe('the settings form’s draft', () => {
  it('saves the settings it was made from, unchanged', () => {
    expect(settingsSchema.parse(candidateOf(draftOf(configured)))).toEqual(configured);
    expect(settingsSchema.parse(candidateOf(draftOf(defaultSettings)))).toEqual(defaultSettings);
  });

  it('offers an empty account and portal to type into, saved as not set up while left empty', () => {
    const draft = draftOf(defaultSettings);
    expect(draft.sip.wsUrl).toBe('');
    expect(draft.bitrix.portalUrl).toBe('');
    const named = withValueAt(draft, 'sip.displayName', 'Anna');
    expect(settingsSchema.parse(candidateOf(named))).toMatchObject({ sip: null, bitrix: null });
  });

  it('keeps a number typed as text, for the schema to refuse', () => {
    const draft = withValueAt(draftOf(configured), 'phone.autoAnswer.delaySeconds', 'soon');
    expect(settingsSchema.safeParse(candidateOf(draft)).error?.issues[0]?.path).toEqual([
      'phone',
      'autoAnswer',
      'delaySeconds',
    ]);
  });
});
