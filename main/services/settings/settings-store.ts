import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings, settingsSchema, type Settings } from '../../../common/settings/settings';
import { writeFileAtomic } from '../files/write-file-atomic';
import type { Logger } from '../log/logger';

/**
 * The agent's settings, one JSON file per profile. Writes are atomic (a crash never leaves half a
 * file); a file that cannot be read or does not match the schema is set aside (renamed, never
 * overwritten) and reported, and the defaults are used.
 */
export class SettingsStore {
  readonly #file: string;
  #settings: Settings;

  constructor(profileDir: string, log: Logger) {
    this.#file = path.join(profileDir, 'settings.json');
    this.#settings = this.#load(log);
  }

  get(): Settings {
    return this.#settings;
  }

  save(settings: Settings): Settings {
    const valid = settingsSchema.parse(settings);
    writeFileAtomic(this.#file, JSON.stringify(valid, null, 2), 0o600);
    this.#settings = valid;
    return valid;
  }

  #load(log: Logger): Settings {
    if (!existsSync(this.#file)) return defaultSettings;
    try {
      return settingsSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch (error) {
      const asideName = `${this.#file}.unreadable-${Date.now()}`;
      renameSync(this.#file, asideName);
      log.error(
        { err: error, setAsideAs: asideName },
        'settings file unreadable: set aside, defaults in use',
      );
      return defaultSettings;
    }
  }
}
