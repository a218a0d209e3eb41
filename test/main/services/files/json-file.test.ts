import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../../../../main/services/files/json-file';
import { createLogger } from '../../../../main/services/log/logger';

const schema = z.object({ extension: z.string() }).strict();
const log = createLogger({ level: 'silent' });
const read = { schema, log, unreadable: 'test file unreadable' };

let folder: string;
let file: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'json-file-'));
  file = path.join(folder, 'settings.json');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('a JSON file of the profile', () => {
  it('reads back what was written, owner-only', () => {
    writeJsonFile(file, { extension: '101' });
    expect(readJsonFile(file, read)).toEqual({ extension: '101' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is none when absent', () => {
    expect(readJsonFile(file, read)).toBeNull();
    expect(readdirSync(folder)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"extension": "10'],
    ['not of the schema', '{"extension": 101}'],
  ])('is set aside, whole, when %s', (_what, content) => {
    writeFileSync(file, content);
    expect(readJsonFile(file, read)).toBeNull();
    const [aside, ...others] = readdirSync(folder);
    expect(others).toEqual([]);
    expect(aside).toMatch(/^settings\.json\.unreadable-\d+$/);
    expect(readFileSync(path.join(folder, aside!), 'utf8')).toBe(content);
  });

  it('goes through a codec both ways, and is set aside when it cannot be decoded', () => {
    const encode = (json: string) => Buffer.from(json).toString('base64');
    const decode = (text: string) => {
      if (!/^[A-Za-z0-9+/=]+$/.test(text)) throw new Error('not ours');
      return Buffer.from(text, 'base64').toString();
    };
    writeJsonFile(file, { extension: '102' }, encode);
    expect(readFileSync(file, 'utf8')).not.toContain('102');
    expect(readJsonFile(file, { ...read, decode })).toEqual({ extension: '102' });
    writeFileSync(file, '{"extension":"103"}');
    expect(readJsonFile(file, { ...read, decode })).toBeNull();
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^settings\.json\.unreadable-/)]);
  });
});
