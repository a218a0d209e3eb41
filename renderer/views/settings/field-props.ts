import type { core } from 'zod';
import type { MessageKey } from '../../i18n/t';

/**
 * What a settings field is given: the setting's path, its label's message key, and the message
 * for the schema's refusal of its value (generic refusals - not a number, too long - have their own).
 */
export interface FieldProps<P> {
  path: P;
  label: MessageKey;
  invalid?: MessageKey | undefined;
  disabled?: boolean;
}

/** What a control is given by the field that binds it to a setting. */
export interface ControlProps {
  label: MessageKey;
  value: string;
  onChange: (value: string) => void;
  issue: core.$ZodIssue | undefined;
}
