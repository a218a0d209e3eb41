import { createContext, useContext } from 'react';
import type { core } from 'zod';
import { valueAt, withValueAt, type LeafPath, type ValueAt } from './draft-paths';
import { issueAt } from './issue-routing';
import type { SettingsDraft } from './settings-draft';

/** The settings form as its sections see it: the draft, a way to change it, and the schema's refusals. */
export interface SettingsForm {
  draft: SettingsDraft;
  change: (update: (draft: SettingsDraft) => SettingsDraft) => void;
  /** The refusals of the last save, with their full paths in the settings. */
  issues: readonly core.$ZodIssue[];
}

export const SettingsFormContext = createContext<SettingsForm | null>(null);

/** A field's binding to the setting at `path`: its value, how to set it, and its refusal if any. */
export function useSetting<P extends LeafPath<SettingsDraft>>(path: P) {
  const form = useContext(SettingsFormContext);
  if (!form) throw new Error('useSetting outside SettingsFormContext');
  return {
    value: valueAt(form.draft, path),
    set: (value: ValueAt<SettingsDraft, P>) => form.change((draft) => withValueAt(draft, path, value)),
    issue: issueAt(form.issues, path),
  };
}
