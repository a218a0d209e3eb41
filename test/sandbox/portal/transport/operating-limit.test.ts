import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

describe('resource limit (operating)', () => {
  it('blocks a method for every application and webhook once one caller summed more than the limit in 10 minutes', async () => {
    // The emulator's methods run in microseconds: a limit of a nanosecond is passed by one call.
    portal = testPortal({ operatingLimitSec: 1e-9 });
    const { access_token: token } = await portal.tokens(2);
    const first = await portal.call('user.current', {}, token);
    expect(first.status).toBe(200);
    expect(first.body.time?.operating).toBeGreaterThan(0);
    const blocked = {
      status: 429,
      body: {
        error: 'OPERATION_TIME_LIMIT',
        error_description: 'Method is blocked due to operation time limit',
      },
    };
    expect(await portal.call('user.current', {}, token)).toEqual(blocked);
    const hook = await portal.webhook(3, ['user']);
    expect(await portal.request({ method: 'GET', url: `${hook}user.current` })).toEqual(blocked);
    expect((await portal.call('scope', {}, token)).status).toBe(200);
    const inBatch = await portal.call('batch', { cmd: { me: 'user.current' } }, token);
    expect(inBatch.body.result).toMatchObject({ result_error: { me: { error: 'OPERATION_TIME_LIMIT' } } });
    portal.clock.advance(600_000);
    expect((await portal.call('user.current', {}, token)).status).toBe(200);
  });

  it('never blocks at the cloud limit of 480 seconds for calls this fast', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    for (let index = 0; index < 20; index += 1)
      expect((await portal.call('user.current', {}, token)).status).toBe(200);
  });
});
