import type { HostStatus } from '../../common/host-api/host-status';
import { t } from '../i18n/t';

/**
 * The notice while the host keeps the agent's secrets in memory only (the desktop found no OS
 * keyring): they are gone after the app quits, and the agent should know before that happens.
 */
export function secretsNotice(status: HostStatus | null): string | null {
  return status?.secrets === 'memory-only' ? t('secrets.memory-only') : null;
}
