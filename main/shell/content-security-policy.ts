import type { Settings } from '../../common/settings/settings';

/**
 * The page's Content-Security-Policy, sent as a header with every app:// response. Everything is
 * our own origin except the PBX's SIP WebSocket, the one remote endpoint the renderer talks to
 * (Bitrix24, the relay and recordings are reached by the main process). Media streams and the MP3
 * encoder worker need `blob:`/`mediastream:`; nothing is allowed to run inline or evaluate code
 * (WebAssembly compilation excepted: the MP3 encoder is LAME in WebAssembly).
 */
export function contentSecurityPolicy(settings: Pick<Settings, 'sip'>): string {
  const pbx = pbxWebSocketOrigin(settings);
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    // 'wasm-unsafe-eval' lets the recorder's worker compile the MP3 encoder (LAME in WebAssembly,
    // mp3.wasm served from our own origin); it allows WebAssembly compilation only, not eval().
    ['script-src', "'self'", "'wasm-unsafe-eval'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['media-src', "'self'", 'blob:', 'mediastream:'],
    ['connect-src', "'self'", ...(pbx === null ? [] : [pbx])],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** The ws:// or wss:// origin of the configured PBX, or null when none (or nothing sane) is set. */
export function pbxWebSocketOrigin(settings: Pick<Settings, 'sip'>): string | null {
  const wsUrl = settings.sip?.wsUrl;
  if (wsUrl === undefined || !URL.canParse(wsUrl)) return null;
  const url = new URL(wsUrl);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  return `${url.protocol}//${url.host}`;
}
