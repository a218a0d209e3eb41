import type { core } from 'zod';
import { t, type MessageKey } from '../../i18n/t';

/**
 * The settings form's error messages in the agent's language. The schemas in common/settings word
 * their refusals in English for logs and the host; here the generic refusals (not a number, too
 * small, too long) have their message, and the rest the field's own (named where the field is).
 */

/** What to tell the agent about `issue` on a field whose own refusal reads `fieldMessage`. */
export function settingsErrorText(issue: core.$ZodIssue, fieldMessage?: MessageKey): string {
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
  return fieldMessage ? t(fieldMessage) : issue.message;
}
