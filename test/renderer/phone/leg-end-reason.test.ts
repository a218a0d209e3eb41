import { describe, expect, it } from 'vitest';
import type { EndReason } from '../../../common/calls/call-fact';
import { legEndReason, type LegEnding } from '../../../renderer/phone/leg-end-reason';

const answered = { direction: 'incoming', answered: true } as const;
const answeredOut = { direction: 'outgoing', answered: true } as const;
const ringing = { direction: 'incoming', answered: false } as const;
const calling = { direction: 'outgoing', answered: false } as const;
const nothing: LegEnding = { declineCode: 603 };
const rejection = { sipCode: 486, reasonPhrase: 'Busy Here' };

describe('legEndReason', () => {
  it.each<[string, Parameters<typeof legEndReason>[0], Partial<LegEnding>, EndReason]>([
    ['answered, the far end hung up', answered, {}, { kind: 'hangup', by: 'remote' }],
    ['answered, we hung up', answered, { localAction: 'hangup' }, { kind: 'hangup', by: 'local' }],
    [
      'answered, we transferred it',
      answeredOut,
      { localAction: 'transfer' },
      { kind: 'hangup', by: 'local' },
    ],
    [
      'answered, lost with the connection',
      answered,
      { failure: 'lost' },
      { kind: 'failed', reasonPhrase: 'lost' },
    ],
    [
      'answered, we hung up before it was lost',
      answered,
      { localAction: 'hangup', failure: 'lost' },
      { kind: 'hangup', by: 'local' },
    ],
    [
      'answered, a stale cancel does not count',
      answered,
      { cancel: { completedElsewhere: false } },
      { kind: 'hangup', by: 'remote' },
    ],
    [
      'answered outgoing, a cancel that came too late counts as remote',
      answeredOut,
      { localAction: 'cancel' },
      { kind: 'hangup', by: 'remote' },
    ],
    [
      'incoming, declined by the agent',
      ringing,
      { localAction: 'decline' },
      { kind: 'declined', sipCode: 603 },
    ],
    [
      'incoming, declined as busy',
      ringing,
      { localAction: 'decline', declineCode: 486 },
      { kind: 'declined', sipCode: 486 },
    ],
    [
      'incoming, declined wins over a CANCEL',
      ringing,
      { localAction: 'decline', cancel: { completedElsewhere: true } },
      { kind: 'declined', sipCode: 603 },
    ],
    [
      'incoming, the caller gave up',
      ringing,
      { cancel: { completedElsewhere: false } },
      { kind: 'caller-cancelled', completedElsewhere: false },
    ],
    [
      'incoming, answered elsewhere',
      ringing,
      { cancel: { completedElsewhere: true } },
      { kind: 'caller-cancelled', completedElsewhere: true },
    ],
    [
      'incoming, CANCEL wins over a failure',
      ringing,
      { cancel: { completedElsewhere: false }, failure: 'x' },
      { kind: 'caller-cancelled', completedElsewhere: false },
    ],
    ['incoming, refused 488', ringing, { failure: 'no audio' }, { kind: 'failed', reasonPhrase: 'no audio' }],
    [
      'incoming, ended without a word',
      ringing,
      {},
      { kind: 'failed', reasonPhrase: 'The call ended before it was answered' },
    ],
    ['outgoing, cancelled by the agent', calling, { localAction: 'cancel' }, { kind: 'cancelled' }],
    [
      'outgoing, cancel wins over a rejection',
      calling,
      { localAction: 'cancel', rejection },
      { kind: 'cancelled' },
    ],
    [
      'outgoing, rejected',
      calling,
      { rejection },
      { kind: 'rejected', sipCode: 486, reasonPhrase: 'Busy Here' },
    ],
    [
      'outgoing, rejection wins over a failure',
      calling,
      { rejection, failure: 'x' },
      { kind: 'rejected', ...rejection },
    ],
    [
      'outgoing, no microphone',
      calling,
      { failure: 'no microphone' },
      { kind: 'failed', reasonPhrase: 'no microphone' },
    ],
    [
      'outgoing, ended without a word',
      calling,
      {},
      { kind: 'failed', reasonPhrase: 'The call could not be connected' },
    ],
    [
      'outgoing, a decline means nothing',
      calling,
      { localAction: 'decline' },
      { kind: 'failed', reasonPhrase: 'The call could not be connected' },
    ],
  ])('%s', (_name, leg, ending, reason) => {
    expect(legEndReason(leg, { ...nothing, ...ending })).toEqual(reason);
  });
});
