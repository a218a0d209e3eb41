import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs for the host's services. `destination` is a file path (the profile's log) or
 * stderr when omitted; tests pass `silent` unless they read the log.
 */
export function createLogger(options: { level?: string; destination?: string; name?: string } = {}): Logger {
  const stream = options.destination
    ? pino.destination({ dest: options.destination, mkdir: true, sync: false })
    : pino.destination(2);
  return pino({ level: options.level ?? 'info', name: options.name ?? 'b24phone' }, stream);
}
