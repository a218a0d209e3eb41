import type { TestInfo } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { placeCall, type SippCall, type SippRig } from '../../../sandbox/pbx/sipp';
import type { PortalClient, SandboxCall } from '../../../sandbox/portal/sandbox-client';
import { decodeStereo, type StereoPcm } from '../../support/audio-analysis';
import { toneAlaw, toneWav } from '../../support/tones';
import type { Agent, AgentOptions } from './agent';
import { expect } from './fixtures';

/**
 * The recording specs' common steps: a call with a known tone on each side, and the recording
 * Bitrix24 (the emulator) holds for a call - exactly one, attached after the call's finish -
 * downloaded and decoded as a listener would.
 */

/** The agent's tone (its fake microphone) and the customer's (sipp). */
export const agentHz = 660;
export const customerHz = 1_400;
export const customerNumber = '+74957654321';

type StartAgent = (
  extension: string,
  options: Pick<AgentOptions, 'settings' | 'fakeAudioWav' | 'beforeLoad'>,
) => Promise<Agent>;

/**
 * Agent 101, its fake microphone playing `agentHz`, answers a call from sipp playing `customerHz`,
 * which hangs up `talkMs` after the answer.
 */
export async function answeredToneCall(
  setup: { rig: SippRig; startAgent: StartAgent; testInfo: Pick<TestInfo, 'outputPath'> },
  options: { talkMs: number; agent?: Pick<AgentOptions, 'settings' | 'beforeLoad'> },
): Promise<{ agent: Agent; call: SippCall }> {
  const agent = await setup.startAgent('101', {
    ...options.agent,
    fakeAudioWav: toneWav(setup.testInfo.outputPath('agent.wav'), agentHz),
  });
  const audio = toneAlaw(setup.testInfo.outputPath('customer.alaw'), customerHz);
  const call = await placeCall({
    rig: setup.rig,
    to: '101',
    from: customerNumber,
    talkMs: options.talkMs,
    audio,
  });
  await agent.page
    .getByRole('region', { name: 'Incoming call' })
    .getByRole('button', { name: 'Answer' })
    .click();
  return { agent, call };
}

export interface AttachedRecording {
  call: SandboxCall;
  file: string;
  pcm: StereoPcm;
}

/**
 * Waits until the call registered with this EXTERNAL_CALL_ID (or the one call matching) holds its
 * recording, checks it is the only attachRecord, sent after the finish, an MP3; downloads it to
 * `file` and decodes it.
 */
export async function attachedRecording(
  portal: PortalClient,
  which: string | ((call: SandboxCall) => boolean),
  file: string,
): Promise<AttachedRecording> {
  const find = async () => {
    const calls =
      typeof which === 'string'
        ? await portal.callsWithExternalId(which)
        : (await portal.calls()).filter(which);
    expect(calls.length).toBeLessThanOrEqual(1);
    return calls[0];
  };
  await expect.poll(async () => (await find())?.records.length ?? 0, { timeout: 20_000 }).toBe(1);
  const call = await find();
  const attached = call!.attachRecordRequests;
  expect(attached).toHaveLength(1);
  expect(attached[0]!.outcome).toBe('ok');
  expect(Date.parse(attached[0]!.at)).toBeGreaterThanOrEqual(Date.parse(call!.finishedAt!));
  const record = call!.records[0] as { url: string; format: string };
  expect(record.format).toBe('mp3');
  writeFileSync(file, Buffer.from(await (await fetch(record.url)).arrayBuffer()));
  return { call: call!, file, pcm: decodeStereo(file) };
}
