import { describe, expect, it } from 'vitest';
import type { BitrixStep } from '../../../common/bitrix/telephony';
import { planDelivery, type PlanOptions, type QueuedStep } from '../../../common/outbox/delivery-plan';

const register: BitrixStep = {
  kind: 'register',
  params: {
    USER_ID: 2,
    PHONE_NUMBER: '+79990001122',
    TYPE: 2,
    CALL_START_DATE: '2026-11-21T09:00:00+03:00',
    EXTERNAL_CALL_ID: 'x',
    SHOW: 1,
    CRM_CREATE: 0,
  },
};
const finish: BitrixStep = { kind: 'finish', params: { USER_ID: 2, DURATION: 5, STATUS_CODE: '200' } };
const show: BitrixStep = { kind: 'show', userIds: [2] };
const hide: BitrixStep = { kind: 'hide', userIds: [2] };

let nextId = 1;
function step(callKey: string, seq: number, what: BitrixStep, extra: Partial<QueuedStep> = {}): QueuedStep {
  return {
    id: nextId++,
    callKey,
    seq,
    step: what,
    state: 'pending',
    notBefore: 0,
    callId: null,
    callPhase: 'ended',
    doubtfulCardAt: null,
    ...extra,
  };
}
const options = (extra: Partial<PlanOptions> = {}): PlanOptions => ({
  now: 1_000,
  busyCalls: new Set(),
  maxCommands: 50,
  sendAlone: new Set(),
  lateRequestMs: 70_000,
  cardShown: () => true,
  ...extra,
});

describe('delivery plan', () => {
  it('sends a lone step as a single request', () => {
    const plan = planDelivery([step('a', 1, register, { callPhase: 'ringing' })], options());
    expect(plan).toMatchObject({
      kind: 'request',
      commands: [{ method: 'telephony.externalCall.register', live: true }],
    });
  });

  it('replays a register of a call already over with SHOW=0', () => {
    const plan = planDelivery([step('a', 1, register)], options());
    expect(plan.kind === 'request' && plan.commands[0]?.params.SHOW).toBe(0);
  });

  it('never sends finish before the CALL_ID is persisted: not behind its register, not by reference', () => {
    const plan = planDelivery([step('a', 1, register), step('a', 2, finish)], options());
    expect(plan.kind === 'request' && plan.commands.map((c) => c.kind)).toEqual(['register']);
  });

  it('lets show and hide ride behind their register on a $result reference', () => {
    const plan = planDelivery(
      [
        step('a', 1, register, { callPhase: 'answered' }),
        step('a', 2, show, { callPhase: 'answered' }),
        step('a', 3, finish),
      ],
      options(),
    );
    if (plan.kind !== 'request') throw new Error(`planned ${plan.kind}`);
    const key = `s${plan.commands[0]!.stepId}`;
    expect(plan.commands.map((c) => [c.kind, c.params.CALL_ID, c.dependsOn])).toEqual([
      ['register', undefined, undefined],
      ['show', `$result[${key}][CALL_ID]`, key],
    ]);
  });

  it('sends finish with the journaled CALL_ID, and the steps after it in the same request', () => {
    const transcription: BitrixStep = {
      kind: 'attachTranscription',
      params: { MESSAGES: [{ SIDE: 'User', START_TIME: 0, STOP_TIME: 1, MESSAGE: 'hi' }] },
    };
    const plan = planDelivery(
      [step('a', 2, finish, { callId: 'X' }), step('a', 3, transcription, { callId: 'X' })],
      options(),
    );
    expect(plan.kind === 'request' && plan.commands.map((c) => [c.kind, c.params.CALL_ID])).toEqual([
      ['finish', 'X'],
      ['attachTranscription', 'X'],
    ]);
  });

  it('batches many calls, live ones first, at most maxCommands', () => {
    const queue = [
      ...Array.from({ length: 30 }, (_, i) => step(`old-${i}`, 1, register)),
      step('live', 1, register, { callPhase: 'ringing' }),
    ];
    const plan = planDelivery(queue, options({ maxCommands: 10 }));
    expect(plan.kind === 'request' && plan.commands.length).toBe(10);
    expect(plan.kind === 'request' && plan.commands[0]?.callKey).toBe('live');
  });

  it('keeps calls in order: a failed register blocks its call; a failed show does not', () => {
    const blocked = [step('a', 1, register, { state: 'failed' }), step('a', 2, finish)];
    expect(planDelivery(blocked, options())).toEqual({ kind: 'wait', until: null });
    const cosmetic = [
      step('b', 1, show, { state: 'failed', callId: 'Y' }),
      step('b', 2, finish, { callId: 'Y' }),
    ];
    const plan = planDelivery(cosmetic, options());
    expect(plan.kind === 'request' && plan.commands.map((c) => c.kind)).toEqual(['finish']);
  });

  it('skips calls with a request in flight, and waits for backoff', () => {
    expect(planDelivery([step('a', 1, register)], options({ busyCalls: new Set(['a']) }))).toEqual({
      kind: 'wait',
      until: null,
    });
    expect(planDelivery([step('a', 1, register, { notBefore: 5_000 })], options())).toEqual({
      kind: 'wait',
      until: 5_000,
    });
  });

  it('holds a finish until a register whose answer was lost can no longer land', () => {
    const queue = [step('a', 2, finish, { callId: 'X', doubtfulCardAt: 900 })];
    expect(planDelivery(queue, options({ lateRequestMs: 500 }))).toEqual({ kind: 'wait', until: 1_400 });
    expect(planDelivery(queue, options({ lateRequestMs: 500, now: 1_400 })).kind).toBe('request');
  });

  it('skips a show for a call already over and a hide of a card never shown', () => {
    const plan = planDelivery(
      [step('a', 2, show, { callId: 'X' }), step('b', 2, hide, { callId: 'Y', callPhase: 'ringing' })],
      options({ cardShown: () => false }),
    );
    expect(plan).toMatchObject({ kind: 'settle', skipped: [{ why: /over/ }, { why: /no card/ }] });
  });

  it('fails a step that needs a CALL_ID its call never got', () => {
    expect(planDelivery([step('a', 2, finish)], options())).toMatchObject({
      kind: 'settle',
      failed: [{ why: /never registered/ }],
    });
  });

  it('uploads a recording alone, and sends alone what a refused batch held', () => {
    const recording: BitrixStep = { kind: 'attachRecord', recording: { path: '/r.mp3', fileName: 'r.mp3' } };
    expect(planDelivery([step('a', 3, recording, { callId: 'X' })], options())).toMatchObject({
      kind: 'upload',
      callId: 'X',
    });
    const lone = step('b', 1, register);
    const plan = planDelivery([lone, step('c', 1, register)], options({ sendAlone: new Set([lone.id]) }));
    expect(plan.kind === 'request' && plan.commands.map((c) => c.callKey)).toEqual(['b']);
  });

  it("hands a missed call's lead to its handler alone, and repeats a doubtful attempt only after the late window", () => {
    const lead: BitrixStep = {
      kind: 'leadForMissedCall',
      params: { PHONE_NUMBER: '+79990001122', USER_ID: 2, CALL_START_DATE: '2026-11-21T09:00:00+03:00' },
    };
    expect(
      planDelivery([step('a', 3, lead, { callId: 'X' }), step('b', 1, register)], options()),
    ).toMatchObject({ kind: 'lead', callId: 'X', step: lead });
    // Its lead.add may have landed unseen at 500: not before 500 + lateRequestMs.
    const doubtful = step('a', 3, lead, { callId: 'X', possiblyDelivered: true, lastAttemptAt: 500 });
    expect(planDelivery([doubtful], options())).toEqual({ kind: 'wait', until: 70_500 });
    expect(planDelivery([doubtful], options({ now: 70_500 }))).toMatchObject({ kind: 'lead' });
  });
});
