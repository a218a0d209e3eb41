import { t } from '../../i18n/t';
import type { PathTo, ValueAt } from './draft-paths';
import { FieldError } from './field-error';
import type { ControlProps, FieldProps } from './field-props';
import type { SettingsDraft } from './settings-draft';
import { useSetting } from './settings-form';

type NumberPath = {
  [P in PathTo<SettingsDraft, number | string>]: number extends ValueAt<SettingsDraft, P> ? P : never;
}[PathTo<SettingsDraft, number | string>];

type TextControlProps = ControlProps & Omit<FieldProps<never>, 'path'> & { type: string };

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
