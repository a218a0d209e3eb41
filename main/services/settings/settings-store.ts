import path from 'node:path';
import { defaultSettings, settingsSchema, type Settings } from '../../../common/settings/settings';
import { readJsonFile, writeJsonFile } from '../files/json-file';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';

/**
 * The agent's settings, one JSON file per profile, except the SIP password, which lives in the
 * secret store (`settings.json` keeps it empty). Writes are atomic (a crash never leaves half a
 * file); a file that cannot be read or does not match the schema is set aside (renamed, never
 * overwritten) and reported, and the defaults are used. A password an earlier version wrote into
 * the file is moved into the secret store, then removed from the file.
 */
export class SettingsStore {
  readonly #file: string;
  readonly #secrets: SecretStore;
  #settings: Settings;

  constructor(profileDir: string, secrets: SecretStore, log: Logger) {
    this.#file = path.join(profileDir, 'settings.json');
    this.#secrets = secrets;
    this.#settings = this.#load(log);
  }

  get(): Settings {
    return this.#settings;
  }

  save(settings: Settings): Settings {
    const valid = settingsSchema.parse(settings);
    const password = valid.sip?.password ?? '';
    // The secret first: a crash in between leaves the old file, never a password lost.
    if (password) this.#secrets.set('sip-password', password);
    else this.#secrets.delete('sip-password');
    this.#write(valid);
    this.#settings = valid;
    return valid;
  }

  #write(settings: Settings): void {
    const withoutPassword = settings.sip ? { ...settings, sip: { ...settings.sip, password: '' } } : settings;
    writeJsonFile(this.#file, withoutPassword);
  }

  #load(log: Logger): Settings {
    const stored = readJsonFile(this.#file, {
      schema: settingsSchema,
      log,
      unreadable: 'settings file unreadable: set aside, defaults in use',
    });
    if (!stored) return defaultSettings;
    if (!stored.sip) return stored;
    if (stored.sip.password) {
      this.save(stored);
      log.info(
        { storage: this.#secrets.storage },
        'SIP password moved from settings.json into the secret store',
      );
      return stored;
    }
    return { ...stored, sip: { ...stored.sip, password: this.#secrets.get('sip-password') ?? '' } };
  }
}
