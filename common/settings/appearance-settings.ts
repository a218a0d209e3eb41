import { z } from 'zod';

/**
 * How the app looks and reads: its language and its colour theme. Both follow the operating system
 * unless the agent picks one (a shared workstation set up in another language, a bright call centre).
 */

/** The languages the app ships: en and ru complete, the others prepared (untranslated texts in English). */
export const appLanguages = ['en', 'ru', 'de', 'pl', 'es', 'pt-BR'] as const;
export type AppLanguage = (typeof appLanguages)[number];

/** `system`: the language the OS (or browser) prefers, when the app has it; English otherwise. */
export const languageSettingSchema = z.enum(['system', ...appLanguages]);
export type LanguageSetting = z.infer<typeof languageSettingSchema>;

/** `system`: light or dark as the OS is (prefers-color-scheme), switching with it. */
export const themeSettingSchema = z.enum(['system', 'light', 'dark']);
export type ThemeSetting = z.infer<typeof themeSettingSchema>;

export const appearanceSettingsSchema = z.object({
  language: languageSettingSchema.default('system'),
  theme: themeSettingSchema.default('system'),
});
export type AppearanceSettings = z.infer<typeof appearanceSettingsSchema>;
