import { Emitter } from '../../../common/events/emitter';
import type { HostEventName, HostEventPayload } from '../../../common/host-api/contract';

/**
 * Events the host pushes to the renderer(s). Services emit; the shell forwards to its window over
 * IPC and the web host to every connected tab. Each subscription returns its unsubscribe.
 */
export class HostEventBus extends Emitter<{ [E in HostEventName]: [payload: HostEventPayload<E>] }> {}
