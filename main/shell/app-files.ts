import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appHost, appScheme } from './app-origin';

/** Types of what the renderer build emits; anything else is served as opaque bytes. */
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
};

/**
 * The file under `rendererDir` that an app:// URL names, or null when the URL is not ours or
 * tries to leave the folder (`..`, encoded separators, absolute paths, NUL bytes).
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Answers one request for the app:// scheme: the file with its type and our headers, 404 when
 * the URL is refused or the file is missing. Every response carries the CSP, so it holds even if
 * the page's own meta tag is removed.
 */
export async function serveAppRequest(rendererDir: string, url: string, csp: string): Promise<Response> {
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  const file = resolveAppFile(rendererDir, url);
  if (file === null) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': type } });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}
