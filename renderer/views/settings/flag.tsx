import { t } from '../../i18n/t';
import type { PathTo } from './draft-paths';
import type { FieldProps } from './field-props';
import type { SettingsDraft } from './settings-draft';
import { useSetting } from './settings-form';

/** A checkbox for an on/off setting (the schema refuses none of its values). */
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
