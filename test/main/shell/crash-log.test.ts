import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/services/log/logger';
import { crashLogFile, setupCrashLog } from '../../../main/shell/crash-log';
import { app, crashReporter, FakeEvent, FakeWebContents, resetElectronMock } from '../../mocks/electron';

function lines(profileDir: string): Record<string, unknown>[] {
  return readFileSync(crashLogFile(profileDir), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('crash log', () => {
  let profileDir = '';
  const before = {
    uncaught: process.listeners('uncaughtException'),
    rejection: process.listeners('unhandledRejection'),
  };
  beforeEach(() => {
    resetElectronMock();
    profileDir = mkdtempSync(path.join(tmpdir(), 'crash-log-'));
    setupCrashLog(profileDir, createLogger({ level: 'silent' }));
  });
  afterEach(() => {
    for (const listener of process.listeners('uncaughtException'))
      if (!before.uncaught.includes(listener)) process.off('uncaughtException', listener);
    for (const listener of process.listeners('unhandledRejection'))
      if (!before.rejection.includes(listener)) process.off('unhandledRejection', listener);
  });

  it('keeps native crash dumps local', () => {
    expect(crashReporter.started).toEqual([expect.objectContaining({ uploadToServer: false })]);
  });

  it('writes a line per page or helper process that died, readable only by the agent', () => {
    app.emit('render-process-gone', new FakeEvent(), new FakeWebContents(), { reason: 'oom', exitCode: 9 });
    app.emit('child-process-gone', new FakeEvent(), { type: 'GPU', reason: 'crashed', exitCode: 139 });
    const [page, gpu] = lines(profileDir);
    expect(page).toMatchObject({ kind: 'render-process-gone', reason: 'oom', exitCode: 9 });
    expect(Number.isNaN(Date.parse(String(page?.['at'])))).toBe(false);
    expect(gpu).toMatchObject({ kind: 'child-process-gone', type: 'GPU', reason: 'crashed', name: null });
    expect(statSync(crashLogFile(profileDir)).mode & 0o777).toBe(0o600);
  });

  it('records an uncaught error in main with its stack, and keeps running', () => {
    const ours = process
      .listeners('uncaughtException')
      .filter((listener) => !before.uncaught.includes(listener));
    for (const listener of ours) listener(new Error('boom'), 'uncaughtException');
    const [line] = lines(profileDir);
    expect(line).toMatchObject({ kind: 'uncaught-exception', message: 'boom' });
    expect(String(line?.['stack'])).toContain('boom');
  });
});
