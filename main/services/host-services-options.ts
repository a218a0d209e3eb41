import type { BitrixTokens } from '../../common/bitrix/oauth-tokens';
import type { BackoffPolicy } from '../../common/outbox/retry-policy';
import type { JournalSynchronous } from './journal/journal-file';
import type { Logger } from './log/logger';
import type { AttachmentUploader } from './outbox/outbox';
import type { SecretStore } from './secrets/secret-store';

/** How the host's services are built: the agent's profile, and tuning the tests and the web host set. */
export interface HostServicesOptions {
  /** The agent's profile folder: settings, tokens, journal, recordings. One per agent. */
  profileDir: string;
  log: Logger;
  /** Where the SIP password, the relay session and the Bitrix24 token are kept: the desktop's OS
   * keychain (main/shell/safe-storage-secrets.ts); by default a 0600 file in the profile (web host). */
  secrets?: SecretStore;
  /** Opens a URL in the agent's system browser (the relay sign-in page); Electron: shell.openExternal. */
  openExternal?: (url: string) => void | Promise<void>;
  /** How long an incoming call waits for the relay's ring-group claim (default 1.5 s), and a
   * member's call for the claimant's CALL_ID (default 3 s). */
  relay?: { claimTimeoutMs?: number; memberWaitMs?: number };
  bitrix?: {
    /** Fresh tokens when the access token expired; the relay link's token broker unless given. */
    refresh?: () => Promise<BitrixTokens>;
    timeoutMs?: number;
    /** The portal's rate limit (Bitrix24: burst 50, 2 per second). */
    rateLimit?: { burst: number; perSecond: number };
  };
  outbox?: {
    stepBackoff?: BackoffPolicy;
    portalBackoff?: BackoffPolicy;
    concurrency?: number;
    lateRequestMs?: number;
    random?: () => number;
    uploader?: AttachmentUploader;
  };
  journal?: { synchronous?: JournalSynchronous; heartbeatMs?: number };
  recordings?: {
    /** Recordings up to this size go inline (FILE_CONTENT), larger ones through the uploadUrl. */
    inlineLimitBytes?: number;
    /** How long after its call ended a recording the renderer never finished is finalized. */
    abandonAfterMs?: number;
    /** Between tries of the transcription endpoint. */
    transcriptionRetryMs?: number;
  };
}
