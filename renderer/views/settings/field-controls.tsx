import type { core } from 'zod';
import { t, type MessageKey } from '../../i18n/t';
import type { PathTo, ValueAt } from './draft-paths';
import type { SettingsDraft } from './settings-draft';
import { settingsErrorText } from './settings-errors';
import { useSetting } from './settings-form';

/**
 * The settings form's fields, each bound to one setting by its path: `label` is its message key,
 * `invalid` the message for the schema's refusal of its value (generic refusals have their own).
 */
interface FieldProps<P> {
  path: P;
  label: MessageKey;
  invalid?: MessageKey | undefined;
  disabled?: boolean;
}

type NumberPath = {
  [P in PathTo<SettingsDraft, number | string>]: number extends ValueAt<SettingsDraft, P> ? P : never;
}[PathTo<SettingsDraft, number | string>];

export function FieldError({
  issue,
  invalid,
}: {
  issue: core.$ZodIssue | undefined;
  invalid?: MessageKey | undefined;
}) {
  return issue && <span className="field-error">{settingsErrorText(issue, invalid)}</span>;
}

interface TextControlProps {
  label: MessageKey;
  type: string;
  value: string;
  onChange: (text: string) => void;
  issue: core.$ZodIssue | undefined;
  invalid?: MessageKey | undefined;
  disabled?: boolean;
}

function TextControl({ label, type, value, onChange, issue, invalid, disabled = false }: TextControlProps) {
  return (
    <label className="field">
      <span>{t(label)}</span>
      <input
        type={type}
        disabled={disabled}
        value={value}
        aria-invalid={issue ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError issue={issue} invalid={invalid} />
    </label>
  );
}

export function TextField({
  path,
  type = 'text',
  ...props
}: FieldProps<PathTo<SettingsDraft, string>> & { type?: 'text' | 'password' | 'url' }) {
  const { value, set, issue } = useSetting(path);
  return <TextControl {...props} type={type} value={value} onChange={set} issue={issue} />;
}

/** A number's text as the schema sees it: a number when it reads as one, else the text (refused). */
function numeric(text: string): number | string {
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

export function NumberField({ path, ...props }: FieldProps<NumberPath>) {
  const { value, set, issue } = useSetting(path);
  return (
    <TextControl
      {...props}
      type="number"
      value={String(value)}
      onChange={(text) => set(numeric(text))}
      issue={issue}
    />
  );
}

export function Flag({ path, label, disabled = false }: FieldProps<PathTo<SettingsDraft, boolean>>) {
  const { value, set } = useSetting(path);
  return (
    <label className="check">
      <input
        type="checkbox"
        disabled={disabled}
        checked={value}
        onChange={(event) => set(event.target.checked)}
      />
      <span>{t(label)}</span>
    </label>
  );
}

/** A choice's options: its value and the text the agent reads for it. */
export type Options<V extends string = string> = ReadonlyArray<readonly [V, string]>;

interface ChoiceControlProps {
  label: MessageKey;
  value: string;
  options: Options;
  onChange: (value: string) => void;
  issue: core.$ZodIssue | undefined;
}

/** A choice whose value is not the setting's as is (the codec order, for one). */
export function ChoiceControl({ label, value, options, onChange, issue }: ChoiceControlProps) {
  return (
    <label className="field">
      <span>{t(label)}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <FieldError issue={issue} />
    </label>
  );
}

export function Choice<P extends PathTo<SettingsDraft, string>>({
  path,
  label,
  options,
}: FieldProps<P> & { options: Options<ValueAt<SettingsDraft, P>> }) {
  const { value, set, issue } = useSetting(path);
  return (
    <ChoiceControl
      label={label}
      value={value}
      options={options}
      // The select offers only `options`, each a value of this setting.
      onChange={(option) => set(option as ValueAt<SettingsDraft, P>)}
      issue={issue}
    />
  );
}
