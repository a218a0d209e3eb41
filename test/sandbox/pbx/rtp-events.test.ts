import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PbxRig } from '../../../sandbox/pbx/rig';
import { captureRtpEvents, type RtpEventCapture } from '../../../sandbox/pbx/rtp-events';
import { placeCall, startUas, type SippUas } from '../../../sandbox/pbx/sipp';
import { startRigForTest } from '../../support/pbx-rig';

describe('captureRtpEvents', () => {
  let rig: PbxRig;
  let capture: RtpEventCapture;
  let uas: SippUas;

  beforeAll(async () => {
    rig = await startRigForTest('rtp-events');
    capture = await captureRtpEvents({ address: rig.uasAddress });
    // A UAS whose SDP sends the caller's media to the capture instead of to sipp.
    uas = await startUas({ rig, behaviour: 'answer', port: rig.uasPortBase + 6, rtpSinkPort: capture.port });
  });

  afterAll(async () => {
    await uas?.stop();
    await capture?.close();
    await rig?.stop();
  });

  it('decodes the RFC 4733 digits a sipp caller sends, once each, besides its audio', async () => {
    // sipp plays 400 ms of filler, then one digit every 400 ms: 4 digits need about 2.2 s of call.
    const call = await placeCall({ rig, to: uas.number, dtmf: '1*#D', talkMs: 3_000 });

    expect(await capture.waitForDigits(4)).toBe('1*#D');
    const result = await call.done;
    expect(result.exitCode).toBe(0);
    // sipp's play_dtmf always uses payload type 96, whatever the SDP says (101 here).
    expect(capture.events().every((event) => event.payloadType === 96 && event.duration === 1_600)).toBe(
      true,
    );
    // The caller's speech came too: PCMA (payload type 8) packets.
    expect(capture.packetsByPayloadType()[8]).toBeGreaterThan(50);
  });
});
