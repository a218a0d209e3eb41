import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/write-file-atomic';
import type { Logger } from '../log/logger';

export const relaySessionSchema = z.object({
  relayUrl: z.string().url(),
  /** The bearer secret: owner-only file here; the Electron shell may keep it in safeStorage instead. */
  session: z.string().min(16),
  sessionExpiresAt: z.number().int(),
  memberId: z.string(),
  userId: z.number().int().positive(),
  portal: z.string(),
  /** The portal's country of numbers, as the relay's hub last told it (kept for calls made offline). */
  country: z.string().length(2).optional(),
});
export type RelaySession = z.infer<typeof relaySessionSchema>;

/** Where the app keeps its relay session: the profile, mode 0600, written atomically. */
export class RelaySessionStore {
  readonly #file: string;

  constructor(
    profileDir: string,
    private readonly log: Logger,
  ) {
    this.#file = path.join(profileDir, 'relay-session.json');
  }

  load(): RelaySession | null {
    if (!existsSync(this.#file)) return null;
    try {
      return relaySessionSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch (error) {
      const aside = `${this.#file}.unreadable-${Date.now()}`;
      renameSync(this.#file, aside);
      this.log.error(
        { err: error, setAsideAs: aside },
        'relay session file unreadable: set aside; sign in again',
      );
      return null;
    }
  }

  save(session: RelaySession): void {
    writeFileAtomic(this.#file, JSON.stringify(session), 0o600);
  }

  clear(): void {
    rmSync(this.#file, { force: true });
  }
}
