import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs for the host's services. `destination` is a file path (the profile's log) or
 * stderr when omitted; tests pass `silent` unless they read the log. A log file is the agent's
 * alone (0600 in a 0700 folder): it names numbers, contacts and portals.
 */
export function createLogger(options: { level?: string; destination?: string; name?: string } = {}): Logger {
  if (options.destination) mkdirSync(path.dirname(options.destination), { recursive: true, mode: 0o700 });
  const stream = options.destination
    ? pino.destination({ dest: options.destination, sync: false, mode: 0o600 })
    : pino.destination(2);
  return pino({ level: options.level ?? 'info', name: options.name ?? 'b24phone' }, stream);
}
