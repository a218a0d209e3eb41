import { describe, expect, it } from 'vitest';
import type { BitrixStep } from '../../../common/bitrix/telephony';
import type { CallFact, CallOrigin, EndReason } from '../../../common/calls/call-fact';
import {
  applyFact,
  presetCallId,
  recoveredFailedReason,
  type CallState,
  type LifecycleContext,
  type LifecycleEvent,
} from '../../../common/calls/call-lifecycle';
import { defaultNumberRules } from '../../../common/phone/phone-number';
import type { CardPolicy } from '../../../common/settings/settings';

const me = 7;
const t0 = Date.UTC(2026, 10, 21, 6, 15, 2);
const context = (cardPolicy: CardPolicy = 'on-ring'): LifecycleContext => ({
  userId: me,
  cardPolicy,
  defaultLineNumber: '74950000000',
  numberRules: defaultNumberRules,
  utcOffsetMinutes: 180,
});

function ringing(
  direction: 'incoming' | 'outgoing',
  extra: {
    origin?: CallOrigin;
    pbxCallId?: string;
    lineNumber?: string;
    redirected?: true;
    colleague?: true;
    remoteNumber?: string;
  } = {},
): CallFact {
  return {
    type: 'ringing',
    callKey: 'leg-1',
    direction,
    sipCallId: 'sip-call-id@pbx',
    remoteNumber: '8 916 123-45-67',
    at: t0,
    ...extra,
  };
}
const answered = (after: number): CallFact => ({ type: 'answered', callKey: 'leg-1', at: t0 + after });
const held = (after: number): CallFact => ({ type: 'held', callKey: 'leg-1', at: t0 + after });
const resumed = (after: number): CallFact => ({ type: 'resumed', callKey: 'leg-1', at: t0 + after });
const ended = (after: number, reason: EndReason): CallFact => ({
  type: 'ended',
  callKey: 'leg-1',
  reason,
  at: t0 + after,
});
const transferred = (after: number, userId?: number): CallFact => ({
  type: 'transferred',
  callKey: 'leg-1',
  target: { number: '105', ...(userId === undefined ? {} : { userId }) },
  at: t0 + after,
});
const recovered = (after: number): LifecycleEvent => ({
  type: 'recovered',
  callKey: 'leg-1',
  at: t0 + after,
});

/** Applies the events in order, each of which must be accepted; returns the steps of each. */
function run(events: LifecycleEvent[], ctx = context()): { state: CallState; steps: BitrixStep[][] } {
  let state: CallState | undefined;
  const steps: BitrixStep[][] = [];
  for (const event of events) {
    const transition = applyFact(state, event, ctx);
    if (!transition.ok) throw new Error(`refused ${event.type}: ${transition.reason}`);
    state = transition.state;
    steps.push(transition.steps);
  }
  if (!state) throw new Error('no events');
  return { state, steps };
}

/** Applies all but the last event, then expects the last to be refused and nothing to change. */
function refusal(events: LifecycleEvent[], ctx = context()): string {
  const before = events.length > 1 ? run(events.slice(0, -1), ctx).state : undefined;
  const frozen = JSON.stringify(before);
  const transition = applyFact(before, events.at(-1)!, ctx);
  if (transition.ok) throw new Error(`accepted ${events.at(-1)!.type}`);
  expect(JSON.stringify(before)).toBe(frozen);
  return transition.reason;
}

const finish = (DURATION: number, STATUS_CODE: string, FAILED_REASON?: string): BitrixStep => ({
  kind: 'finish',
  params: {
    USER_ID: me,
    DURATION,
    STATUS_CODE: STATUS_CODE as never,
    ...(FAILED_REASON ? { FAILED_REASON } : {}),
  },
});
const show = (...userIds: number[]): BitrixStep => ({ kind: 'show', userIds });
const hide = (...userIds: number[]): BitrixStep => ({ kind: 'hide', userIds });

describe('call lifecycle: ringing', () => {
  it('registers an incoming PBX call, TYPE 2, with the E.164 number, the start with its offset, the card on ring', () => {
    const { state, steps } = run([ringing('incoming', { lineNumber: '74951112233' })]);
    expect(steps[0]).toEqual([
      {
        kind: 'register',
        params: {
          USER_ID: me,
          PHONE_NUMBER: '+79161234567',
          TYPE: 2,
          CALL_START_DATE: '2026-11-21T09:15:02+03:00',
          EXTERNAL_CALL_ID: 'sip-call-id@pbx',
          SHOW: 1,
          CRM_CREATE: 0,
          LINE_NUMBER: '74951112233',
        },
      },
    ]);
    expect(state).toMatchObject({ phase: 'ringing', origin: { kind: 'pbx' }, ringingAt: t0 });
  });

  it('prefers the PBX call id for EXTERNAL_CALL_ID and falls back to the default line', () => {
    const { steps } = run([ringing('incoming', { pbxCallId: 'asterisk-1773130778.18441' })]);
    expect(steps[0]?.[0]).toMatchObject({
      params: { EXTERNAL_CALL_ID: 'asterisk-1773130778.18441', LINE_NUMBER: '74950000000' },
    });
  });

  it('registers without the card when it shows on answer or never', () => {
    for (const policy of ['on-answer', 'never'] as const) {
      const { steps } = run([ringing('incoming')], context(policy));
      expect(steps[0]?.[0]).toMatchObject({ kind: 'register', params: { SHOW: 0 } });
    }
  });

  it('registers a dialpad call as outgoing, TYPE 1', () => {
    const { state, steps } = run([ringing('outgoing')]);
    expect(steps[0]?.[0]).toMatchObject({ kind: 'register', params: { TYPE: 1, SHOW: 1 } });
    expect(state.origin).toEqual({ kind: 'dialpad' });
  });

  it('registers a callback as TYPE 4 with its CRM entity and the line of the form', () => {
    const origin: CallOrigin = {
      kind: 'callback',
      crmEntity: { type: 'CONTACT', id: 42 },
      lineNumber: '74957654321',
    };
    const { steps } = run([ringing('outgoing', { origin, lineNumber: '111' })]);
    expect(steps[0]?.[0]).toMatchObject({
      kind: 'register',
      params: { TYPE: 4, CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 42, LINE_NUMBER: '74957654321' },
    });
  });

  it('never registers a click-to-call: Bitrix24 did, and its CALL_ID is the call', () => {
    const origin: CallOrigin = { kind: 'click-to-call', callId: 'externalCall.abc.1', callListId: 5 };
    const { state, steps } = run([ringing('outgoing', { origin })]);
    expect(steps[0]).toEqual([]);
    expect(presetCallId(state.origin)).toBe('externalCall.abc.1');
    expect(state.origin).toMatchObject({ callListId: 5 });
  });

  it('shows a ring-group call someone else registered, on ring only', () => {
    const origin: CallOrigin = { kind: 'ring-group', callId: 'externalCall.def.1' };
    expect(run([ringing('incoming', { origin })]).steps[0]).toEqual([show(me)]);
    expect(run([ringing('incoming', { origin })], context('on-answer')).steps[0]).toEqual([]);
    expect(presetCallId(origin)).toBe('externalCall.def.1');
    expect(presetCallId({ kind: 'pbx' })).toBeUndefined();
  });

  it('journals a group call the relay finished as missed under me with no step, as missed (304)', () => {
    const origin: CallOrigin = { kind: 'missed-group-call', callId: 'externalCall.ghi.1' };
    const { state, steps } = run([
      ringing('incoming', { origin }),
      ended(0, { kind: 'caller-cancelled', completedElsewhere: false }),
    ]);
    expect(steps).toEqual([[], []]);
    expect(state.outcome?.status).toEqual({ statusCode: '304' });
    expect(presetCallId(origin)).toBe('externalCall.ghi.1');
    expect(refusal([ringing('outgoing', { origin })])).toBe(
      'an outgoing call cannot come from missed-group-call',
    );
  });
});

describe('call lifecycle: calls that are not customer calls, and redirected ones', () => {
  it('registers an incoming call the PBX redirected to us as TYPE 3', () => {
    const { steps } = run([ringing('incoming', { redirected: true })]);
    expect(steps[0]?.[0]).toMatchObject({
      kind: 'register',
      params: { TYPE: 3, PHONE_NUMBER: '+79161234567' },
    });
  });

  it('never tells Bitrix24 of an agent-to-agent call, either way, from ring to finish', () => {
    for (const direction of ['incoming', 'outgoing'] as const) {
      const { state, steps } = run([
        ringing(direction, { remoteNumber: '102', colleague: true }),
        answered(1_000),
        ended(5_000, { kind: 'hangup', by: 'local' }),
      ]);
      expect(steps).toEqual([[], [], []]);
      expect(state).toMatchObject({ phase: 'ended', outsideCrm: 'colleague' });
      expect(state.outcome).toEqual({ reason: { kind: 'hangup', by: 'local' }, durationSeconds: 4 });
    }
  });

  it("asks for a lead (CRM_CREATE 1) in the directions the agent's setting names, never by default", () => {
    const withLeads = (incoming: boolean, outgoing: boolean): LifecycleContext => ({
      ...context(),
      crmCreate: { incoming, outgoing, missed: false },
    });
    const crmCreate = (fact: CallFact, ctx: LifecycleContext) => {
      const [step] = run([fact], ctx).steps[0] ?? [];
      return step?.kind === 'register' ? step.params.CRM_CREATE : undefined;
    };
    const callback: CallOrigin = { kind: 'callback' };
    expect(crmCreate(ringing('incoming'), withLeads(true, false))).toBe(1);
    expect(crmCreate(ringing('incoming', { redirected: true }), withLeads(true, false))).toBe(1);
    expect(crmCreate(ringing('outgoing'), withLeads(true, false))).toBe(0);
    expect(crmCreate(ringing('outgoing'), withLeads(false, true))).toBe(1);
    expect(crmCreate(ringing('outgoing', { origin: callback }), withLeads(false, true))).toBe(1);
    expect(crmCreate(ringing('incoming'), withLeads(false, true))).toBe(0);
    expect(crmCreate(ringing('incoming'), context())).toBe(0);
    // A colleague's call is never registered, so it never makes a lead.
    expect(
      run([ringing('incoming', { remoteNumber: '102', colleague: true })], withLeads(true, true)).steps,
    ).toEqual([[]]);
  });

  it('asks for a lead after the finish of a missed PBX call only when crmCreate.missed is on and incoming off', () => {
    const leads = (missed: boolean, incoming = false): LifecycleContext => ({
      ...context(),
      crmCreate: { incoming, outgoing: false, missed },
    });
    const missedCall = (ctx: LifecycleContext, first = ringing('incoming')) =>
      run([first, ended(9000, { kind: 'caller-cancelled', completedElsewhere: false })], ctx).steps[1];
    expect(missedCall(leads(true))).toEqual([
      { kind: 'finish', params: { USER_ID: me, DURATION: 0, STATUS_CODE: '304' } },
      {
        kind: 'leadForMissedCall',
        params: { PHONE_NUMBER: '+79161234567', USER_ID: me, CALL_START_DATE: '2026-11-21T09:15:02+03:00' },
      },
    ]);
    expect(missedCall(leads(false))).toHaveLength(1);
    expect(missedCall(leads(true, true))).toHaveLength(1);
    expect(missedCall(leads(true), ringing('incoming', { remoteNumber: 'anonymous' }))).toHaveLength(1);
    expect(missedCall(leads(true), ringing('incoming', { remoteNumber: '7100' }))).toHaveLength(1);
    const answeredCall = run(
      [ringing('incoming'), answered(2000), ended(9000, { kind: 'hangup', by: 'remote' })],
      leads(true),
    ).steps[2];
    expect(answeredCall?.map((step) => step.kind)).toEqual(['finish']);
  });

  it('registers a call with an extension that is no colleague (a PBX service number)', () => {
    const { steps } = run([ringing('outgoing', { remoteNumber: '7100' })]);
    expect(steps[0]?.[0]).toMatchObject({ kind: 'register', params: { TYPE: 1, PHONE_NUMBER: '7100' } });
  });

  it('never tells Bitrix24 of a missed call from a colleague (no finish, no hide)', () => {
    const { steps } = run([
      ringing('incoming', { remoteNumber: '102', colleague: true }),
      ended(5_000, { kind: 'caller-cancelled', completedElsewhere: true }),
    ]);
    expect(steps).toEqual([[], []]);
  });

  it('never registers the consultation leg of a transfer, even to an outside number', () => {
    const { state, steps } = run([
      ringing('outgoing', { origin: { kind: 'consultation' } }),
      answered(1_000),
      ended(5_000, { kind: 'hangup', by: 'remote' }),
    ]);
    expect(steps).toEqual([[], [], []]);
    expect(state.outsideCrm).toBe('consultation');
  });

  it('still finishes a click-to-call or a ring-group call with a colleague: someone registered it', () => {
    const clickToCall: CallOrigin = { kind: 'click-to-call', callId: 'externalCall.abc.1' };
    const talked = run([
      ringing('outgoing', { origin: clickToCall, remoteNumber: '102', colleague: true }),
      answered(1_000),
      ended(3_000, { kind: 'hangup', by: 'local' }),
    ]);
    expect(talked.steps[2]).toEqual([finish(2, '200')]);
    const ringGroup: CallOrigin = { kind: 'ring-group', callId: 'externalCall.def.1' };
    expect(
      run([ringing('incoming', { origin: ringGroup, remoteNumber: '102', colleague: true })]).steps[0],
    ).toEqual([show(me)]);
  });
});

describe('call lifecycle: answered, held, resumed', () => {
  it('shows the card on answer when that is the policy, and not otherwise', () => {
    expect(run([ringing('incoming'), answered(3_000)], context('on-answer')).steps[1]).toEqual([show(me)]);
    expect(run([ringing('incoming'), answered(3_000)], context('on-ring')).steps[1]).toEqual([]);
    expect(run([ringing('incoming'), answered(3_000)], context('never')).steps[1]).toEqual([]);
  });

  it('does not show a click-to-call card on answer (Bitrix24 shows its own)', () => {
    const origin: CallOrigin = { kind: 'click-to-call', callId: 'externalCall.abc.1' };
    expect(run([ringing('outgoing', { origin }), answered(1_000)], context('on-answer')).steps[1]).toEqual(
      [],
    );
  });

  it('shows a ring-group call on answer when that is the policy', () => {
    const origin: CallOrigin = { kind: 'ring-group', callId: 'externalCall.def.1' };
    expect(run([ringing('incoming', { origin }), answered(1_000)], context('on-answer')).steps[1]).toEqual([
      show(me),
    ]);
  });

  it('holds and resumes without telling Bitrix24; hold time is talk time', () => {
    const { state, steps } = run([
      ringing('incoming'),
      answered(2_000),
      held(10_000),
      resumed(20_000),
      held(30_000),
      resumed(31_000),
      ended(62_000, { kind: 'hangup', by: 'remote' }),
    ]);
    expect(steps.slice(2, 6)).toEqual([[], [], [], []]);
    expect(steps[6]).toEqual([finish(60, '200')]);
    expect(state.phase).toBe('ended');
  });

  it('ends a held call as answered', () => {
    const { steps } = run([
      ringing('outgoing'),
      answered(1_000),
      held(5_000),
      ended(9_600, { kind: 'hangup', by: 'local' }),
    ]);
    expect(steps[3]).toEqual([finish(9, '200')]);
  });
});

describe('call lifecycle: ended while ringing', () => {
  const rows: Array<[string, 'incoming' | 'outgoing', EndReason, BitrixStep[]]> = [
    [
      'missed: the caller gave up',
      'incoming',
      { kind: 'caller-cancelled', completedElsewhere: false },
      [finish(0, '304')],
    ],
    [
      'answered on another phone, registered by us alone: finished so it does not stay open',
      'incoming',
      { kind: 'caller-cancelled', completedElsewhere: true },
      [finish(0, 'OTHER', 'Answered on another phone')],
    ],
    ['declined by the agent', 'incoming', { kind: 'declined', sipCode: 603 }, [finish(0, '603')]],
    ['refused as busy', 'incoming', { kind: 'declined', sipCode: 486 }, [finish(0, '486')]],
    [
      'incoming broke before answer',
      'incoming',
      { kind: 'failed', reasonPhrase: 'WebSocket closed' },
      [finish(0, 'OTHER', 'WebSocket closed')],
    ],
    ['outgoing cancelled by the agent', 'outgoing', { kind: 'cancelled' }, [finish(0, '603-S')]],
    [
      'outgoing busy',
      'outgoing',
      { kind: 'rejected', sipCode: 486, reasonPhrase: 'Busy Here' },
      [finish(0, '486')],
    ],
    [
      'outgoing to a wrong number',
      'outgoing',
      { kind: 'rejected', sipCode: 404, reasonPhrase: 'Not Found' },
      [finish(0, '404')],
    ],
    [
      'outgoing unavailable',
      'outgoing',
      { kind: 'rejected', sipCode: 408, reasonPhrase: 'Request Timeout' },
      [finish(0, '480')],
    ],
    [
      'outgoing network failure',
      'outgoing',
      { kind: 'rejected', sipCode: 502, reasonPhrase: 'Bad Gateway' },
      [finish(0, '503')],
    ],
    [
      'outgoing refused otherwise',
      'outgoing',
      { kind: 'rejected', sipCode: 488, reasonPhrase: 'Not Acceptable Here' },
      [finish(0, 'OTHER', 'Not Acceptable Here')],
    ],
  ];
  for (const [name, direction, reason, steps] of rows) {
    it(name, () => {
      const result = run([ringing(direction), ended(15_000, reason)]);
      expect(result.steps[1]).toEqual(steps);
      expect(result.state).toMatchObject({ phase: 'ended', endedAt: t0 + 15_000 });
      expect(result.state.outcome).toMatchObject({ reason, durationSeconds: 0 });
    });
  }

  it('finishes an unanswered click-to-call on its CALL_ID (the outbox fills it in)', () => {
    const origin: CallOrigin = { kind: 'click-to-call', callId: 'externalCall.abc.1' };
    expect(run([ringing('outgoing', { origin }), ended(4_000, { kind: 'cancelled' })]).steps[1]).toEqual([
      finish(0, '603-S'),
    ]);
  });

  it('only hides a call it claimed for a ring group when a colleague answered it (their app finishes it)', () => {
    const origin: CallOrigin = { kind: 'pbx', ringGroupClaimant: true };
    const reason: EndReason = { kind: 'caller-cancelled', completedElsewhere: true };
    const { steps } = run([ringing('incoming', { origin }), ended(4_000, reason)]);
    expect(steps[0]).toEqual([expect.objectContaining({ kind: 'register' })]);
    expect(steps[1]).toEqual([hide(me)]);
  });

  it('only hides a ring-group call we did not answer, however it ended here, registered by us or not: the relay judges it missed', () => {
    const origins: CallOrigin[] = [
      { kind: 'ring-group', callId: 'externalCall.def.1' },
      { kind: 'pbx', ringGroupClaimant: true },
    ];
    for (const origin of origins) {
      for (const reason of [
        { kind: 'caller-cancelled', completedElsewhere: true },
        { kind: 'caller-cancelled', completedElsewhere: false },
        { kind: 'declined', sipCode: 603 },
        { kind: 'declined', sipCode: 486 },
      ] as EndReason[]) {
        expect(run([ringing('incoming', { origin }), ended(4_000, reason)]).steps[1]).toEqual([hide(me)]);
      }
    }
  });
});

describe('call lifecycle: ended after answer', () => {
  it('finishes 200 with the talk time in whole seconds from answer to hangup', () => {
    const { steps, state } = run([
      ringing('incoming'),
      answered(5_000),
      ended(100_499, { kind: 'hangup', by: 'remote' }),
    ]);
    expect(steps[2]).toEqual([finish(95, '200')]);
    expect(state.outcome).toMatchObject({ status: { statusCode: '200' }, durationSeconds: 95 });
  });

  it('finishes a call that broke after answer as answered, with the talk time', () => {
    const { steps } = run([
      ringing('outgoing'),
      answered(1_000),
      ended(31_000, { kind: 'failed', reasonPhrase: 'ICE failed' }),
    ]);
    expect(steps[2]).toEqual([finish(30, '200')]);
  });

  it('finishes a ring-group call we answered, as ourselves', () => {
    const origin: CallOrigin = { kind: 'ring-group', callId: 'externalCall.def.1' };
    const { steps } = run([
      ringing('incoming', { origin }),
      answered(1_000),
      ended(11_000, { kind: 'hangup', by: 'local' }),
    ]);
    expect(steps[2]).toEqual([finish(10, '200')]);
  });

  it('finishes a click-to-call that was talked', () => {
    const origin: CallOrigin = { kind: 'click-to-call', callId: 'externalCall.abc.1' };
    const { steps } = run([
      ringing('outgoing', { origin }),
      answered(2_000),
      ended(62_000, { kind: 'hangup', by: 'remote' }),
    ]);
    expect(steps[2]).toEqual([finish(60, '200')]);
  });
});

describe('call lifecycle: transfer', () => {
  it('shows the call to the target user, hides it for us, then finishes our leg with the talk time until the transfer', () => {
    const { steps, state } = run([
      ringing('incoming'),
      answered(1_000),
      transferred(41_000, 9),
      ended(45_000, { kind: 'hangup', by: 'remote' }),
    ]);
    expect(steps[2]).toEqual([show(9), hide(me)]);
    expect(steps[3]).toEqual([finish(40, '200')]);
    expect(state).toMatchObject({ phase: 'ended', transferredAt: t0 + 41_000 });
  });

  it('transfers from hold (attended transfer)', () => {
    const { steps } = run([ringing('incoming'), answered(1_000), held(5_000), transferred(21_000, 9)]);
    expect(steps[3]).toEqual([show(9), hide(me)]);
  });

  it('only hides when the target is no Bitrix24 user we know, or is ourselves', () => {
    expect(run([ringing('incoming'), answered(1_000), transferred(2_000)]).steps[2]).toEqual([hide(me)]);
    expect(run([ringing('incoming'), answered(1_000), transferred(2_000, me)]).steps[2]).toEqual([hide(me)]);
  });

  it('finishes nothing when the call was handed off to the target: ended or recovered, it is theirs', () => {
    const handedOff: CallFact = { ...transferred(41_000, 9), handedOff: true } as CallFact;
    const { steps, state } = run([
      ringing('incoming'),
      answered(1_000),
      handedOff,
      ended(45_000, { kind: 'hangup', by: 'remote' }),
    ]);
    expect(steps[2]).toEqual([show(9), hide(me)]);
    expect(steps[3]).toEqual([]);
    expect(state.outcome).toEqual({ reason: { kind: 'hangup', by: 'remote' }, durationSeconds: 40 });
    expect(run([ringing('incoming'), answered(1_000), handedOff, recovered(90_000)]).steps[3]).toEqual([]);
  });

  describe('a transferred call adopted from a colleague (one CALL_ID across the transfer)', () => {
    // The colleague answered it 20 s before it rang here.
    const origin: CallOrigin = { kind: 'transfer', callId: 'externalCall.abc.2', answeredAt: t0 - 20_000 };

    it.each([
      ['on-ring', [show(me)]],
      ['on-answer', []],
      ['never', []],
    ] as const)(
      'is never registered again; with the card %s it shows for us on ring: %j',
      (policy, first) => {
        const { steps } = run([ringing('incoming', { origin })], context(policy));
        expect(steps[0]).toEqual(first);
        expect(presetCallId(origin)).toBe('externalCall.abc.2');
      },
    );

    it('answered here, it is finished here with the talk time from the first answer', () => {
      const { steps } = run([
        ringing('incoming', { origin }),
        answered(3_000),
        ended(30_000, { kind: 'hangup', by: 'local' }),
      ]);
      expect(steps[2]).toEqual([finish(50, '200')]);
    });

    it.each([
      ['the caller hung up while it rang', { kind: 'caller-cancelled', completedElsewhere: false }],
      ['declined here', { kind: 'declined', sipCode: 603 }],
    ] as const)('%s: hidden only, the relay finishes it', (_case, reason) => {
      expect(run([ringing('incoming', { origin }), ended(8_000, reason)]).steps[1]).toEqual([hide(me)]);
    });
  });
});

describe('call lifecycle: recovered at start-up', () => {
  it('closes a ringing incoming call as missed, saying why', () => {
    const { steps, state } = run([ringing('incoming'), recovered(20_000)]);
    expect(steps[1]).toEqual([finish(0, '304', recoveredFailedReason)]);
    expect(state.outcome?.reason).toEqual({ kind: 'recovered' });
  });

  it('closes a ringing outgoing call as OTHER, saying why', () => {
    expect(run([ringing('outgoing'), recovered(20_000)]).steps[1]).toEqual([
      finish(0, 'OTHER', recoveredFailedReason),
    ]);
  });

  it('closes a connected call as answered with the talk time until the last sign of life', () => {
    expect(run([ringing('incoming'), answered(2_000), recovered(62_400)]).steps[2]).toEqual([
      finish(60, '200', recoveredFailedReason),
    ]);
    expect(run([ringing('incoming'), answered(2_000), held(3_000), recovered(12_000)]).steps[3]).toEqual([
      finish(10, '200', recoveredFailedReason),
    ]);
  });

  it('closes a transferred call with the talk time until the transfer', () => {
    expect(
      run([ringing('incoming'), answered(2_000), transferred(12_000, 9), recovered(90_000)]).steps[3],
    ).toEqual([finish(10, '200', recoveredFailedReason)]);
  });

  it('never counts less than the last fact: a sign of life older than the call', () => {
    const { steps } = run([ringing('incoming'), answered(2_000), held(30_000), recovered(10_000)]);
    expect(steps[3]).toEqual([finish(28, '200', recoveredFailedReason)]);
  });

  it('hides a ring-group call we had not answered, finishes one we had', () => {
    const origin: CallOrigin = { kind: 'ring-group', callId: 'externalCall.def.1' };
    expect(run([ringing('incoming', { origin }), recovered(5_000)]).steps[1]).toEqual([hide(me)]);
    expect(run([ringing('incoming', { origin }), answered(1_000), recovered(5_000)]).steps[2]).toEqual([
      finish(4, '200', recoveredFailedReason),
    ]);
  });

  it('finishes a click-to-call left ringing on its CALL_ID', () => {
    const origin: CallOrigin = { kind: 'click-to-call', callId: 'externalCall.abc.1' };
    expect(run([ringing('outgoing', { origin }), recovered(5_000)]).steps[1]).toEqual([
      finish(0, 'OTHER', recoveredFailedReason),
    ]);
  });
});

describe('call lifecycle: refused facts change nothing', () => {
  const cases: Array<[string, LifecycleEvent[], RegExp]> = [
    ['a duplicate ringing', [ringing('incoming'), ringing('incoming')], /duplicate ringing/],
    ['answered for an unknown call', [answered(1_000)], /unknown call/],
    ['ended for an unknown call', [ended(1_000, { kind: 'hangup', by: 'remote' })], /unknown call/],
    ['recovered for an unknown call', [recovered(1_000)], /unknown call/],
    [
      'answered after ended',
      [ringing('incoming'), ended(1_000, { kind: 'declined', sipCode: 603 }), answered(2_000)],
      /after the call .* ended/,
    ],
    [
      'ended twice',
      [
        ringing('incoming'),
        answered(1_000),
        ended(2_000, { kind: 'hangup', by: 'local' }),
        ended(3_000, { kind: 'hangup', by: 'local' }),
      ],
      /after the call .* ended/,
    ],
    [
      'recovered after ended',
      [ringing('incoming'), ended(1_000, { kind: 'declined', sipCode: 603 }), recovered(2_000)],
      /ended/,
    ],
    ['answered twice', [ringing('incoming'), answered(1_000), answered(2_000)], /already answered/],
    ['held while ringing', [ringing('incoming'), held(1_000)], /hold .* while ringing/],
    ['held twice', [ringing('incoming'), answered(1_000), held(2_000), held(3_000)], /hold .* while held/],
    [
      'resumed while not held',
      [ringing('incoming'), answered(1_000), resumed(2_000)],
      /resume .* while answered/,
    ],
    ['transferred while ringing', [ringing('incoming'), transferred(1_000, 9)], /transfer .* while ringing/],
    [
      'transferred twice',
      [ringing('incoming'), answered(1_000), transferred(2_000, 9), transferred(3_000, 9)],
      /while transferred/,
    ],
    [
      'answered after transfer',
      [ringing('incoming'), answered(1_000), transferred(2_000, 9), answered(3_000)],
      /already transferred/,
    ],
    ['a fact dated before the ring', [ringing('incoming'), answered(-1)], /before the call .* rang/],
    [
      'a hangup of a call never answered',
      [ringing('incoming'), ended(1_000, { kind: 'hangup', by: 'remote' })],
      /never answered/,
    ],
    [
      'caller-cancelled for an outgoing call',
      [ringing('outgoing'), ended(1_000, { kind: 'caller-cancelled', completedElsewhere: false })],
      /outgoing/,
    ],
    [
      'declined for an outgoing call',
      [ringing('outgoing'), ended(1_000, { kind: 'declined', sipCode: 603 })],
      /outgoing/,
    ],
    [
      'declined after answer',
      [ringing('incoming'), answered(1_000), ended(2_000, { kind: 'declined', sipCode: 603 })],
      /after the call was answered/,
    ],
    [
      'cancelled for an incoming call',
      [ringing('incoming'), ended(1_000, { kind: 'cancelled' })],
      /incoming/,
    ],
    [
      'rejected for an incoming call',
      [ringing('incoming'), ended(1_000, { kind: 'rejected', sipCode: 486, reasonPhrase: 'Busy' })],
      /incoming/,
    ],
    [
      'cancelled after answer',
      [ringing('outgoing'), answered(1_000), ended(2_000, { kind: 'cancelled' })],
      /after the call was answered/,
    ],
    [
      'an incoming click-to-call',
      [ringing('incoming', { origin: { kind: 'click-to-call', callId: 'x' } })],
      /incoming call cannot come from click-to-call/,
    ],
    [
      'an outgoing ring-group call',
      [ringing('outgoing', { origin: { kind: 'ring-group', callId: 'x' } })],
      /outgoing call cannot come from ring-group/,
    ],
    [
      'an incoming dialpad call',
      [ringing('incoming', { origin: { kind: 'dialpad' } })],
      /cannot come from dialpad/,
    ],
    ['an outgoing pbx call', [ringing('outgoing', { origin: { kind: 'pbx' } })], /cannot come from pbx/],
  ];
  for (const [name, events, reason] of cases) {
    it(`refuses ${name}`, () => {
      expect(refusal(events)).toMatch(reason);
    });
  }
});
