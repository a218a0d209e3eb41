import type { core } from 'zod';
import { t, type MessageKey } from '../i18n/t';

/**
 * The settings form's error messages in the agent's language. The schemas in common/settings word
 * their refusals in English for logs and the host; here each field has its own message, and the
 * generic refusals (not a number, too small, too long) theirs.
 */
const fieldMessages: Record<string, MessageKey> = {
  wsUrl: 'validation.wsUrl',
  domain: 'validation.domain',
  extension: 'validation.extension',
  callIdHeader: 'validation.header',
  lineHeader: 'validation.header',
  portalUrl: 'validation.portalUrl',
  iceServers: 'validation.iceServers',
  defaultCountry: 'validation.defaultCountry',
  outsideLinePrefix: 'validation.outsideLinePrefix',
  internationalPrefix: 'validation.internationalPrefix',
  transcriptionUrl: 'validation.transcriptionUrl',
  answerShortcut: 'validation.shortcut',
  hangUpShortcut: 'validation.shortcut',
  updateUrl: 'validation.updateUrl',
};

/** What to tell the agent about `issue` on the form field `field`. */
export function settingsErrorText(field: string, issue: core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return t('validation.number');
      break;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int')
        return t('validation.min', { min: String(issue.minimum) });
      break;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int')
        return t('validation.max', { max: String(issue.maximum) });
      if (issue.origin === 'string') return t('validation.too-long', { max: String(issue.maximum) });
      break;
    default:
      break;
  }
  const key = fieldMessages[field];
  return key ? t(key) : issue.message;
}
