import { t, type MessageKey } from '../../i18n/t';
import type { PathTo, ValueAt } from './draft-paths';
import { FieldError } from './field-error';
import type { ControlProps, FieldProps } from './field-props';
import type { SettingsDraft } from './settings-draft';
import { useSetting } from './settings-form';

/** A choice's options: its value and the text the agent reads for it. */
export type Options<V extends string = string> = ReadonlyArray<readonly [V, string]>;

/** A choice bound to no setting as is (the codec order, for one). */
export function ChoiceControl({
  label,
  value,
  options,
  onChange,
  issue,
}: ControlProps & { options: Options }) {
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

/** The label keys `L` under which every one of the values `V` has its text, as `L.value`. */
type LabelOver<V extends string> = {
  [L in MessageKey]: `${L}.${V}` extends MessageKey ? L : never;
}[MessageKey];

/** The options `values`, each read as the text `{label}.{value}`. */
export function optionsUnder<const V extends string>(label: LabelOver<V>, values: readonly V[]): Options<V> {
  // LabelOver makes every `label.value` a key of the catalogue.
  return values.map((value) => [value, t(`${label}.${value}` as MessageKey)]);
}

/** A choice among `options`, given as they read. */
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

/** A choice among the setting's `values`, each read as the text `{label}.{value}`. */
export function ValueChoice<P extends PathTo<SettingsDraft, string>>({
  path,
  label,
  values,
}: {
  path: P;
  label: LabelOver<ValueAt<SettingsDraft, P>>;
  values: readonly ValueAt<SettingsDraft, P>[];
}) {
  return <Choice path={path} label={label} options={optionsUnder(label, values)} />;
}
