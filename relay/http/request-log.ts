import type { FastifyRequest } from 'fastify';

/**
 * A request's address as the relay logs it: query values can be secrets (the OAuth `code` and
 * `state` on the sign-in's callback, the PBX's `token` on /route, a pairing id), so only their
 * names are kept.
 */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return `${url.slice(0, at)}?${names.map((name) => `${encodeURIComponent(name)}=[redacted]`).join('&')}`;
}

/**
 * The `req` of Fastify's request log lines, as its default but with the query values redacted.
 * `remoteAddress` is the socket's peer unless it is a configured proxy (then X-Forwarded-For's).
 */
export function requestLogFields(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: loggedUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
}
