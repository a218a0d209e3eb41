import { describe, expect, it } from 'vitest';
import { finishStatusFor } from '../../../common/calls/status-code';
import type { EndReason } from '../../../common/calls/call-fact';

/** One row per line of the STATUS_CODE table in common/calls/status-code.ts. */
describe('finishStatusFor', () => {
  const rows: Array<[string, EndReason, ReturnType<typeof finishStatusFor>]> = [
    ['answered, hung up by the customer', { kind: 'hangup', by: 'remote' }, { statusCode: '200' }],
    ['answered, hung up by the agent', { kind: 'hangup', by: 'local' }, { statusCode: '200' }],
    [
      'incoming not answered by anyone',
      { kind: 'caller-cancelled', completedElsewhere: false },
      { statusCode: '304' },
    ],
    ['incoming answered elsewhere: no finish', { kind: 'caller-cancelled', completedElsewhere: true }, null],
    ['incoming declined by the agent', { kind: 'declined', sipCode: 603 }, { statusCode: '603' }],
    ['incoming refused as busy', { kind: 'declined', sipCode: 486 }, { statusCode: '486' }],
    ['incoming refused on DND (busy everywhere)', { kind: 'declined', sipCode: 600 }, { statusCode: '486' }],
    ['outgoing cancelled by the agent', { kind: 'cancelled' }, { statusCode: '603-S' }],
    ['SIP 486 busy', { kind: 'rejected', sipCode: 486, reasonPhrase: 'Busy Here' }, { statusCode: '486' }],
    [
      'SIP 600 busy everywhere',
      { kind: 'rejected', sipCode: 600, reasonPhrase: 'Busy Everywhere' },
      { statusCode: '486' },
    ],
    [
      'SIP 404 not found',
      { kind: 'rejected', sipCode: 404, reasonPhrase: 'Not Found' },
      { statusCode: '404' },
    ],
    [
      'SIP 604 does not exist',
      { kind: 'rejected', sipCode: 604, reasonPhrase: 'Does Not Exist Anywhere' },
      { statusCode: '404' },
    ],
    [
      'SIP 484 address incomplete',
      { kind: 'rejected', sipCode: 484, reasonPhrase: 'Address Incomplete' },
      { statusCode: '484' },
    ],
    [
      'SIP 480 unavailable',
      { kind: 'rejected', sipCode: 480, reasonPhrase: 'Temporarily Unavailable' },
      { statusCode: '480' },
    ],
    [
      'SIP 408 timeout',
      { kind: 'rejected', sipCode: 408, reasonPhrase: 'Request Timeout' },
      { statusCode: '480' },
    ],
    [
      'SIP 403 forbidden',
      { kind: 'rejected', sipCode: 403, reasonPhrase: 'Forbidden' },
      { statusCode: '403' },
    ],
    [
      'SIP 402 payment required',
      { kind: 'rejected', sipCode: 402, reasonPhrase: 'Payment Required' },
      { statusCode: '402' },
    ],
    [
      'SIP 500 server error',
      { kind: 'rejected', sipCode: 500, reasonPhrase: 'Server Internal Error' },
      { statusCode: '503' },
    ],
    [
      'SIP 502 bad gateway',
      { kind: 'rejected', sipCode: 502, reasonPhrase: 'Bad Gateway' },
      { statusCode: '503' },
    ],
    [
      'SIP 503 unavailable',
      { kind: 'rejected', sipCode: 503, reasonPhrase: 'Service Unavailable' },
      { statusCode: '503' },
    ],
    [
      'any other SIP answer: OTHER with the reason phrase',
      { kind: 'rejected', sipCode: 488, reasonPhrase: 'Not Acceptable Here' },
      { statusCode: 'OTHER', failedReason: 'Not Acceptable Here' },
    ],
    [
      'a break without a SIP answer: OTHER with what happened',
      { kind: 'failed', reasonPhrase: 'WebSocket closed' },
      { statusCode: 'OTHER', failedReason: 'WebSocket closed' },
    ],
  ];

  it.each(rows)('%s', (_name, reason, expected) => {
    expect(finishStatusFor(reason)).toEqual(expected);
  });
});
