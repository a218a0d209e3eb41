/**
 * HAProxy in front of several relays (the sandbox's and the tests'; docs/relay-haproxy.cfg is the
 * reference for production, with TLS). What matters for the relay:
 * - `option httpchk GET /ready`: an instance whose database or notification channel is down takes
 *   no new requests or agents;
 * - `retry-on conn-failure empty-response` with `option redispatch`: a POST whose instance died
 *   before answering (kill -9) is sent again to another one; the relay's intake is idempotent, so
 *   the repeat is recognised wherever it lands (relay/dispatch/delivery-once.ts). HAProxy keeps the
 *   request (up to a buffer) to be able to send it again;
 * - `timeout tunnel`: hub WebSockets stay open between heartbeats;
 * - `stats uri` (the sandbox's only, not the reference's): which instances the balancer counts as
 *   up, for tests that must wait for its view rather than for the instances themselves; with
 *   `stats admin`, where a test drains an instance (new requests and agents go to the others, its
 *   open connections stay) to put an agent or an event on the instance it wants.
 */
/** Where the balancer answers with its view of the instances (CSV). */
export const balancerStatsPath = '/_balancer/stats';

export function haproxyConfig(options: { bind: string; relays: string[]; checkIntervalMs?: number }): string {
  const inter = options.checkIntervalMs ?? 500;
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 30s',
    '  timeout tunnel 1h',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    'frontend relay',
    `  bind ${options.bind}`,
    '  stats enable',
    `  stats uri ${balancerStatsPath}`,
    '  stats admin if TRUE',
    '  default_backend relays',
    'backend relays',
    '  balance roundrobin',
    '  option httpchk GET /ready',
    '  http-check expect status 200',
    `  default-server inter ${inter}ms fall 2 rise 1`,
    ...options.relays.map((address, index) => `  server relay${index + 1} ${address} check`),
    '',
  ].join('\n');
}
