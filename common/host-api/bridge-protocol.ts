import { z } from 'zod';

/**
 * Frames of the web host's WebSocket bridge: the same host API as Electron's IPC, as JSON.
 * Requests carry an id the response echoes; events are pushed unrequested.
 */
export const bridgeRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  args: z.array(z.unknown()).max(16),
});
export type BridgeRequest = z.infer<typeof bridgeRequestSchema>;

export const bridgeServerFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ kind: z.literal('error'), id: z.number(), message: z.string() }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type BridgeServerFrame = z.infer<typeof bridgeServerFrameSchema>;

/** The bridge's path on the web host's origin. */
export const bridgePath = '/host';
