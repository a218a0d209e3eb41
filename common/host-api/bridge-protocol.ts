import { z } from 'zod';
import type { Emitter } from '../events/emitter';

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

/** A host API call sent over the bridge, waiting for its answer. */
/** The events a bridge client heard, by name, each with its payload as it arrived. */
export type BridgeEvents = Emitter<Record<string, [payload: unknown]>>;

export interface PendingBridgeCall {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Hands one frame from the host to whoever waits for it - a result or an error to its call, which
 * then stops waiting; an event to its listeners. A frame outside the protocol is dropped.
 */
export function deliverBridgeFrame(
  text: string,
  pending: Map<number, PendingBridgeCall>,
  events: Pick<BridgeEvents, 'emit'>,
): void {
  let parsed;
  try {
    parsed = bridgeServerFrameSchema.safeParse(JSON.parse(text));
  } catch {
    return;
  }
  if (!parsed.success) return;
  const frame = parsed.data;
  if (frame.kind === 'event') {
    events.emit(frame.event, frame.payload);
    return;
  }
  const call = pending.get(frame.id);
  pending.delete(frame.id);
  if (frame.kind === 'result') call?.resolve(frame.result);
  else call?.reject(new Error(frame.message));
}
