import { z } from 'zod';

/**
 * Settings only the desktop app uses (the web host ignores them): how the app behaves on the
 * agent's workstation. Edited on the settings screen like the rest, stored with the rest.
 */

/** An Electron accelerator such as `CommandOrControl+Shift+A` or `F9`; empty means "no shortcut". */
const acceleratorSchema = z
  .string()
  .trim()
  .max(64)
  .regex(
    /^(|[A-Za-z0-9]+(\+[A-Za-z0-9]+)*)$/,
    'A shortcut is keys joined by +, e.g. CommandOrControl+Shift+A',
  );

/** Where the operator publishes updates (electron-updater's generic provider); empty: the URL built into the package. */
const updateUrlSchema = z
  .string()
  .trim()
  .refine(
    (value) => value === '' || (URL.canParse(value) && new URL(value).protocol === 'https:'),
    'The update address must be an https:// URL',
  );

export const desktopSettingsSchema = z.object({
  /** Raise and focus the window when a call starts ringing. */
  bringToFrontOnRing: z.boolean().default(true),
  /** Start (hidden, in the tray) when the agent logs in to the computer. */
  launchAtLogin: z.boolean().default(false),
  /** System-wide shortcuts that work while another application has the focus. */
  shortcuts: z
    .object({ answer: acceleratorSchema.default(''), hangUp: acceleratorSchema.default('') })
    .prefault({}),
  updateUrl: updateUrlSchema.default(''),
});
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;
