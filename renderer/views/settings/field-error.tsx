import type { core } from 'zod';
import type { MessageKey } from '../../i18n/t';
import { settingsErrorText } from './settings-errors';

/** The schema's refusal of a field's value, in the agent's words; nothing when it was taken. */
export function FieldError({
  issue,
  invalid,
}: {
  issue: core.$ZodIssue | undefined;
  invalid?: MessageKey | undefined;
}) {
  return issue && <span className="field-error">{settingsErrorText(issue, invalid)}</span>;
}
