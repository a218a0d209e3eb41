import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

async function statuses(count: number, token: string, remoteAddress = '127.0.0.1'): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const reply = await portal.app.inject({ method: 'GET', url: `/rest/scope?auth=${token}`, remoteAddress });
    result.push(reply.statusCode);
  }
  return result;
}

describe('leaky-bucket rate limit per portal and source IP', () => {
  it('lets a burst of 50 through, answers the 51st with 503 QUERY_LIMIT_EXCEEDED and drains 2 per second', async () => {
    portal = testPortal({ rateLimit: { countRefused: false } });
    const { access_token: token } = await portal.tokens(2);
    expect((await statuses(50, token)).every((status) => status === 200)).toBe(true);
    const refused = await portal.app.inject({ method: 'GET', url: `/rest/scope?auth=${token}` });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    portal.clock.advance(1000);
    expect(await statuses(3, token)).toEqual([200, 200, 503]);
  });

  it('shares one bucket among every client of one IP and keeps other IPs apart', async () => {
    portal = testPortal({ rateLimit: { burst: 5 } });
    const { access_token: agent1 } = await portal.tokens(2);
    const { access_token: agent2 } = await portal.tokens(3);
    expect(await statuses(3, agent1, '10.0.0.1')).toEqual([200, 200, 200]);
    expect(await statuses(3, agent2, '10.0.0.1')).toEqual([200, 200, 503]);
    expect(await statuses(1, agent2, '10.0.0.2')).toEqual([200]);
    const { buckets } = await portal.sandbox<{ buckets: Record<string, number> }>('/_sandbox/ratelimit');
    expect(Object.keys(buckets)).toHaveLength(2);
  });

  it('counts refused requests by default, so a client hammering through 503s stays blocked', async () => {
    portal = testPortal({ rateLimit: { burst: 4, drainPerSecond: 2 } });
    const { access_token: token } = await portal.tokens(2);
    expect(await statuses(8, token)).toEqual([200, 200, 200, 200, 503, 503, 503, 503]);
    portal.clock.advance(1000);
    expect(await statuses(1, token)).toEqual([503]);
    portal.clock.advance(3000);
    expect(await statuses(1, token)).toEqual([200]);
  });

  it('counts a batch as one request', async () => {
    portal = testPortal({ rateLimit: { burst: 2 } });
    const { access_token: token } = await portal.tokens(2);
    const cmd = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`c${index}`, 'scope']));
    expect((await portal.call('batch', { cmd }, token)).status).toBe(200);
    expect(await statuses(2, token)).toEqual([200, 503]);
  });
});
