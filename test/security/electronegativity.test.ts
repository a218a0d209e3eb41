import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * The static Electron security scan (@doyensec/electronegativity) over the code that touches
 * Electron. Every finding must be justified in electronegativity.config.json, and every
 * justification must still match a finding. `npm run security:scan` runs just this file; `npm
 * test` runs it with the unit tests.
 */
const root = path.resolve(import.meta.dirname, '../..');
const configSchema = z.object({
  scanned: z.array(z.string()).min(1),
  excludedChecks: z.record(z.string(), z.string().min(20)),
  justified: z.array(z.object({ check: z.string(), file: z.string(), reason: z.string().min(20) })),
});
const config = configSchema.parse(
  JSON.parse(readFileSync(path.join(root, 'electronegativity.config.json'), 'utf8')),
);

const issueSchema = z.object({ id: z.string(), file: z.string(), location: z.object({ line: z.number() }) });
const resultSchema = z.object({
  issues: z.array(issueSchema),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
});
type ScanResult = z.infer<typeof resultSchema>;

const requireFromHere = createRequire(import.meta.url);
const scannerEntry = requireFromHere.resolve('@doyensec/electronegativity');

/**
 * The scanner fetches translations from the internet at every start (with a one-second timeout,
 * then English); builds here are offline, so that fetch fails at once instead of going out.
 */
function keepScannerOffline(): void {
  const got = createRequire(scannerEntry).resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('offline: no translations fetched')), {
    head: () => Promise.reject(new Error('offline')),
  });
  requireFromHere.cache[got] = {
    id: got,
    filename: got,
    loaded: true,
    exports: offline,
  } as unknown as NodeJS.Module;
}

/**
 * Scans the listed folders as one application (copied side by side into a scratch folder), so the
 * global checks - is navigation limited anywhere, is there a permission handler - see all of it.
 */
async function scan(directories: readonly string[]): Promise<ScanResult> {
  keepScannerOffline();
  const run = requireFromHere(scannerEntry) as (options: Record<string, unknown>) => Promise<unknown>;
  const electronVersion = (
    JSON.parse(readFileSync(requireFromHere.resolve('electron/package.json'), 'utf8')) as { version: string }
  ).version;
  const input = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
  try {
    for (const directory of directories)
      cpSync(path.join(root, directory), path.join(input, directory), { recursive: true });
    return resultSchema.parse(
      await run({
        input,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: Object.keys(config.excludedChecks),
      }),
    );
  } finally {
    rmSync(input, { recursive: true, force: true });
  }
}

describe('electronegativity scan', () => {
  it(
    'finds nothing that is not justified, and every justification still applies',
    { timeout: 120_000 },
    async () => {
      const result = await scan(config.scanned);
      const unreadable = result.errors.filter((error) => !error.tolerable);
      expect(unreadable, 'files the scanner could not read are files it did not check').toEqual([]);
      const findings = new Set(result.issues.map((issue) => `${issue.id} ${issue.file}`));
      const justified = new Set(config.justified.map((entry) => `${entry.check} ${entry.file}`));
      expect(
        [...findings].filter((finding) => !justified.has(finding)),
        'unjustified findings',
      ).toEqual([]);
      expect(
        [...justified].filter((entry) => !findings.has(entry)),
        'stale justifications',
      ).toEqual([]);
    },
  );
});
