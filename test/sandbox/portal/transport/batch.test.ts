import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

interface BatchBody {
  result: Record<string, unknown> | unknown[];
  result_error: Record<string, { error: string; error_description: string }> | unknown[];
  result_total: Record<string, number> | unknown[];
  result_next: Record<string, number> | unknown[];
  result_time: Record<string, Record<string, unknown>> | unknown[];
}

describe('batch', () => {
  it('runs commands in order, resolves $result references and reports totals, next and times per key', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const reply = await portal.call(
      'batch',
      {
        halt: 0,
        cmd: {
          register:
            'telephony.externalCall.register?USER_ID=2&PHONE_NUMBER=%2B74951234567&TYPE=2&EXTERNAL_CALL_ID=b1',
          show: 'telephony.externalCall.show?CALL_ID=$result[register][CALL_ID]&USER_ID[]=3&USER_ID[]=4',
          users: 'user.get',
          lines: 'telephony.externalLine.get',
        },
      },
      token,
    );
    expect(reply.status).toBe(200);
    const body = reply.body.result as BatchBody;
    expect(Object.keys(body)).toEqual([
      'result',
      'result_error',
      'result_total',
      'result_next',
      'result_time',
    ]);
    expect(body.result).toMatchObject({ show: true, lines: [] });
    expect(body.result_error).toEqual([]);
    expect(body.result_total).toEqual({ users: 58, lines: undefined });
    expect(body.result_next).toEqual({ users: 50 });
    expect(Object.keys(body.result_time)).toEqual(['register', 'show', 'users', 'lines']);
    const { cards } = await portal.sandbox<{ cards: { userId: number }[] }>('/_sandbox/cards');
    expect(cards.map((card) => card.userId).sort()).toEqual([2, 3, 4]);
  });

  it('collects every error with halt=0 and stops at the first with halt=1; the request is still 200', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const cmd = { a: 'no.such.method', b: 'telephony.externalCall.finish?CALL_ID=x&USER_ID=2', c: 'scope' };
    const all = (await portal.call('batch', { halt: 0, cmd }, token)).body.result as BatchBody;
    expect(all.result_error).toEqual({
      a: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
      b: { error: '', error_description: 'Call is not found (call should be registered prior to finishing)' },
    });
    expect(Object.keys(all.result)).toEqual(['c']);
    const halted = await portal.call('batch', { halt: 1, cmd }, token);
    expect(halted.status).toBe(200);
    expect((halted.body.result as BatchBody).result).toEqual([]);
    expect(Object.keys((halted.body.result as BatchBody).result_error)).toEqual(['a']);
  });

  it('prints list-shaped results for a cmd array, and refuses nested batch', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const reply = await portal.call('batch', { cmd: ['scope', 'batch?cmd[0]=scope'] }, token);
    const body = reply.body.result as BatchBody;
    expect(body.result).toEqual([['telephony', 'crm', 'user']]);
    expect(body.result_error).toEqual({
      '1': {
        error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
        error_description: 'Method is not allowed for batch usage',
      },
    });
  });

  it('refuses more than 50 commands as a whole by default, or fails only the excess when configured', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`c${index}`, 'scope']));
    expect(await portal.call('batch', { cmd }, token)).toEqual({
      status: 400,
      body: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
    });
    await portal.request({
      method: 'PATCH',
      url: '/_sandbox/config',
      payload: { ambiguities: { batchOverLimit: 'per-command' } },
    });
    const reply = await portal.call('batch', { cmd }, token);
    const body = reply.body.result as BatchBody;
    expect(Object.keys(body.result)).toHaveLength(50);
    expect(body.result_error).toEqual({
      c50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
    });
  });

  it('uses the caller authorisation for every command: app-only methods fail inside a webhook batch', async () => {
    portal = testPortal();
    const hook = await portal.webhook(2, ['telephony']);
    const reply = await portal.request({
      method: 'POST',
      url: `${hook}batch`,
      payload: {
        cmd: {
          r: 'telephony.externalCall.register?USER_ID=2&PHONE_NUMBER=1&TYPE=2',
          s: 'telephony.externalCall.show?CALL_ID=x',
        },
      },
    });
    expect(reply.body.result).toMatchObject({
      result: { s: false },
      result_error: { r: { error: 'WRONG_AUTH_TYPE' } },
    });
  });
});
