/**
 * The demo's PBX, run inside the demo network namespace (`ip netns exec`): the rig bound to the
 * PBX address, the outside world's sipp answering machines, and a small HTTP API on the same
 * address through which the demo console makes customers call.
 *
 *   node --import tsx sandbox/demo/pbx-service.ts --address 198.19.0.2 --control-port 8099 --run-dir DIR
 */
import Fastify from 'fastify';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPbxRig } from '../pbx/rig';
import { placeCall, startUas, STANDARD_UAS_SLOTS, type SippUas } from '../pbx/sipp';
import { demoLine } from './demo-line';

const { values } = parseArgs({
  options: {
    address: { type: 'string', default: '198.19.0.2' },
    'control-port': { type: 'string', default: '8099' },
    'run-dir': { type: 'string', default: path.resolve('artifacts', 'demo', 'pbx') },
  },
  strict: true,
});

const rig = await startPbxRig({ address: values.address, runDir: values['run-dir'], allowHostNetwork: true });
const outsideWorld: SippUas[] = [];
for (const behaviour of Object.keys(STANDARD_UAS_SLOTS) as Array<keyof typeof STANDARD_UAS_SLOTS>) {
  outsideWorld.push(await startUas({ rig: rig.endpoints, behaviour, calls: 1_000 }));
}

const callRequest = z.object({
  to: z.string().regex(/^[0-9+]{2,20}$/),
  from: z
    .string()
    .regex(/^\+?[0-9]{3,20}$/)
    .default('+74951234567'),
  scenario: z.enum(['audio', 'cancel']).default('audio'),
  talkMs: z.number().int().min(1_000).max(600_000).default(20_000),
  ringMs: z.number().int().min(500).max(60_000).default(6_000),
});

const control = Fastify();
control.post('/calls', async (request, reply) => {
  const parsed = callRequest.safeParse(request.body ?? {});
  if (!parsed.success)
    return reply.code(400).send({ error: parsed.error.issues.map((issue) => issue.message).join('; ') });
  const { to, from, scenario, talkMs, ringMs } = parsed.data;
  const call = await placeCall({
    rig: rig.endpoints,
    to,
    from,
    scenario,
    talkMs,
    ringMs,
    // The demo's customers all dial the company's main number, announced as the called line.
    headers: { 'X-Line': demoLine.number },
    timeoutMs: talkMs + 120_000,
  });
  return { callId: call.callId };
});
await control.listen({ host: values.address, port: Number(values['control-port']) });

console.log(`demo pbx ready at ${rig.wsUrl} (control http://${values.address}:${values['control-port']})`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await control.close();
  await Promise.all(outsideWorld.map((uas) => uas.stop()));
  await rig.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
