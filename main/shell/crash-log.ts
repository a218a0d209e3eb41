import { app, crashReporter } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../services/log/logger';

/**
 * Crashes go to a local log the agent (or their admin) can send us; nothing is uploaded. Native
 * crashes leave minidumps in Electron's crashDumps folder; page, GPU and utility process deaths
 * and uncaught errors in main become one JSON line each in <profile>/logs/crash.log, written
 * synchronously so the line is on disk even if the process dies right after.
 */
export function crashLogLine(kind: string, details: Record<string, unknown>, at: Date): string {
  return `${JSON.stringify({ at: at.toISOString(), kind, ...details })}\n`;
}

export function crashLogFile(profileDir: string): string {
  return path.join(profileDir, 'logs', 'crash.log');
}

export function setupCrashLog(profileDir: string, log: Logger): void {
  const file = crashLogFile(profileDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const record = (kind: string, details: Record<string, unknown>) => {
    log.error(details, kind);
    try {
      appendFileSync(file, crashLogLine(kind, details, new Date()), { mode: 0o600 });
    } catch (error) {
      log.error({ err: error }, 'could not write the crash log');
    }
  };
  crashReporter.start({ uploadToServer: false, compress: true });
  app.on('render-process-gone', (_event, _contents, details) =>
    record('render-process-gone', { reason: details.reason, exitCode: details.exitCode }),
  );
  app.on('child-process-gone', (_event, details) =>
    record('child-process-gone', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
      name: details.name ?? details.serviceName ?? null,
    }),
  );
  // Logged and survived rather than Electron's default error dialog: a softphone that keeps
  // running still rings; the journal makes any half-done call step safe to repeat.
  process.on('uncaughtException', (error) =>
    record('uncaught-exception', { message: error.message, stack: error.stack ?? null }),
  );
  process.on('unhandledRejection', (reason) =>
    record('unhandled-rejection', {
      message: reason instanceof Error ? reason.message : String(reason),
      stack: reason instanceof Error ? (reason.stack ?? null) : null,
    }),
  );
}
