import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppRequest } from '../../../main/shell/app-files';

let root = '';
beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'app-files-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>b24phone</title>');
  writeFileSync(path.join(root, 'assets', 'index.js'), 'export {};');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer');
});

describe('app:// files', () => {
  it('serves the page with its type and the CSP header', async () => {
    const response = await serveAppRequest(root, 'app://b24phone/', "default-src 'none'");
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(await response.text()).toContain('<title>b24phone</title>');
    const script = await serveAppRequest(root, 'app://b24phone/assets/index.js?v=1', 'x');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://b24phone/../secret.txt',
    'app://b24phone/%2e%2e/secret.txt',
    'app://b24phone/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://b24phone/..%5csecret.txt',
    'app://b24phone/index.html%00.js',
    'app://b24phone/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('never serves anything outside the renderer folder: %s', async (url) => {
    const resolved = resolveAppFile(root, url);
    if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
    const response = await serveAppRequest(root, url, 'x');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('answers 404 with the CSP for a missing file', async () => {
    const response = await serveAppRequest(root, 'app://b24phone/missing.js', 'csp');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe('csp');
  });
});
