import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PbxRig } from '../../../sandbox/pbx/rig';
import { headerOf, placeCall, startUas, type SippUas } from '../../../sandbox/pbx/sipp';
import { startRigForTest } from '../../support/pbx-rig';

/** The outside world behind the dialplan's 7Nxx numbers: sipp caller -> Kamailio -> sipp UAS. */
describe('sipp through the PBX', () => {
  let rig: PbxRig;
  let answer: SippUas;
  let busy: SippUas;
  let notFound: SippUas;
  let noAnswer: SippUas;

  beforeAll(async () => {
    rig = await startRigForTest('sipp');
    [answer, busy, notFound, noAnswer] = await Promise.all([
      startUas({ rig, behaviour: 'answer' }),
      startUas({ rig, behaviour: 'busy' }),
      startUas({ rig, behaviour: 'not-found' }),
      startUas({ rig, behaviour: 'no-answer' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([answer, busy, notFound, noAnswer].map((uas) => uas?.stop()));
    await rig?.stop();
  });

  it('completes a call with the talk time asked for, passing custom headers and our Call-ID through', async () => {
    const call = await placeCall({
      rig,
      to: answer.number,
      from: '+74951234567',
      talkMs: 1_000,
      headers: { 'X-PBX-Call-ID': 'pbx-4711', 'X-Line': 'sales', 'Alert-Info': '<urn:alert:tone:internal>' },
    });
    const result = await call.done;

    expect(answer.number).toBe('7000');
    expect(result.exitCode).toBe(0);
    expect(result.stats).toEqual({ successful: 1, failed: 0 });
    expect(result.timeline.final?.status).toBe(200);
    expect(result.timeline.bye?.direction).toBe('sent');
    expect(result.timeline.talkMs).toBeGreaterThanOrEqual(1_000);
    expect(result.timeline.talkMs).toBeLessThan(1_500);

    const invite = answer
      .messages()
      .find((message) => message.method === 'INVITE' && message.callId === call.callId);
    expect(invite).toBeDefined();
    if (!invite) return;
    expect(headerOf(invite, 'X-PBX-Call-ID')).toBe('pbx-4711');
    expect(headerOf(invite, 'X-Line')).toBe('sales');
    expect(headerOf(invite, 'Alert-Info')).toBe('<urn:alert:tone:internal>');
    expect(headerOf(invite, 'From')).toMatch(/^<sip:\+74951234567@/);
  });

  it.each([
    ['busy', () => busy, 486],
    ['not found', () => notFound, 404],
  ])('gives the caller the %s UAS final response', async (_name, uas, status) => {
    const call = await placeCall({ rig, to: uas().number });
    const result = await call.done;
    expect(result.timeline.final?.status).toBe(status);
    expect(result.exitCode).toBe(1);
  });

  it('lets the caller give up while the no-answer UAS rings: CANCEL, 487', async () => {
    const call = await placeCall({ rig, to: noAnswer.number, scenario: 'cancel', ringMs: 300 });
    const result = await call.done;
    expect(result.exitCode).toBe(0);
    expect(result.timeline.ringingAt).toBeDefined();
    expect(result.timeline.final?.status).toBe(487);
    const cancel = await noAnswer.waitForMessage(
      (message) => message.method === 'CANCEL' && message.callId === call.callId,
    );
    expect(cancel.at - (result.timeline.ringingAt ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it("takes the answers to its CANCEL in either order: the INVITE's 487 may come before the CANCEL's 200", async () => {
    // Through Kamailio the callee's 487 can overtake the proxy's own 200 (tm sends the CANCEL on
    // before it answers it); a UAS that answers in that order, called directly, makes it certain.
    const reversed = await startUas({
      rig,
      behaviour: 'answer',
      port: rig.uasPortBase + 6,
      scenarioFile: fileURLToPath(new URL('scenarios/uas-487-before-cancel-ok.xml', import.meta.url)),
      echoRtp: false,
      calls: 1,
    });
    try {
      const direct = { ...rig, sipAddress: rig.uasAddress, sipPort: reversed.port };
      const call = await placeCall({ rig: direct, to: reversed.number, scenario: 'cancel', ringMs: 100 });
      const result = await call.done;
      expect(result.timeline.final?.status).toBe(487);
      expect(result.exitCode).toBe(0);
      // The caller ACKed the 487: the UAS's one call ends only on that ACK.
      expect((await reversed.done).exitCode).toBe(0);
    } finally {
      await reversed.stop();
    }
  });

  it('ends the call when the UAS hangs up first', async () => {
    const hangingUp = await startUas({
      rig,
      behaviour: 'answer',
      port: rig.uasPortBase + 4,
      hangupAfterMs: 300,
    });
    try {
      const call = await placeCall({ rig, to: hangingUp.number, talkMs: 10_000 });
      const result = await call.done;
      expect(result.exitCode).toBe(0);
      expect(result.timeline.bye?.direction).toBe('received');
      expect(result.timeline.talkMs).toBeLessThan(1_000);
    } finally {
      await hangingUp.stop();
    }
  });

  it('rejects with any status the test asks for', async () => {
    const declining = await startUas({
      rig,
      behaviour: 'reject',
      port: rig.uasPortBase + 5,
      rejectWith: { status: 603, reason: 'Decline' },
    });
    try {
      const result = await (await placeCall({ rig, to: declining.number })).done;
      expect(result.timeline.final?.status).toBe(603);
    } finally {
      await declining.stop();
    }
  });

  it('routes any other phone number to the answering UAS', async () => {
    const call = await placeCall({ rig, to: '+74957654321', talkMs: 100 });
    expect((await call.done).timeline.final?.status).toBe(200);
    const invite = answer
      .messages()
      .find((message) => message.method === 'INVITE' && message.callId === call.callId);
    expect(invite?.text).toMatch(/^INVITE sip:\+74957654321@/);
  });

  it('answers unknown numbers by the dialplan: 480 for an idle extension, 404 for nonsense', async () => {
    const idle = await (await placeCall({ rig, to: '103' })).done;
    const nonsense = await (await placeCall({ rig, to: 'nobody' })).done;
    expect(idle.timeline.final?.status).toBe(480);
    expect(nonsense.timeline.final?.status).toBe(404);
  });
});
