import type { BitrixStep, RegisterResult } from '../../../common/bitrix/telephony';
import { BitrixCallError } from '../bitrix/bitrix-call-error';
import type { BitrixClient } from '../bitrix/bitrix-client';
import type { Logger } from '../log/logger';
import type { StepQueue } from './step-queue';

export interface DeliveryReport {
  callKey: string;
  step: BitrixStep['kind'];
  ok: boolean;
  error?: BitrixCallError;
}

interface CallQueue {
  steps: BitrixStep[];
  callId?: string;
  running: boolean;
}

/**
 * Delivers each call's steps to Bitrix24 one after another (a finish never overtakes its
 * register), calls independently of each other. Not durable and without retries: the journaled
 * outbox takes its place for that; a failed step is reported and the call's later steps wait.
 */
export class InMemoryOutbox implements StepQueue {
  readonly #queues = new Map<string, CallQueue>();

  constructor(
    private readonly client: () => BitrixClient | null,
    private readonly onReport: (report: DeliveryReport) => void,
    private readonly log: Logger,
  ) {}

  enqueue(callKey: string, steps: readonly BitrixStep[]): void {
    const queue = this.#queues.get(callKey) ?? { steps: [], running: false };
    this.#queues.set(callKey, queue);
    queue.steps.push(...steps);
    if (!queue.running) void this.#drain(callKey, queue);
  }

  pending(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.steps.length;
    return count;
  }

  async #drain(callKey: string, queue: CallQueue): Promise<void> {
    queue.running = true;
    try {
      for (let step = queue.steps[0]; step; step = queue.steps[0]) {
        const client = this.client();
        if (!client) return;
        try {
          await this.#deliver(client, queue, step);
          queue.steps.shift();
          // finish (or hide, for a call answered elsewhere) is a call's last step: forget its CALL_ID then.
          if (step.kind === 'finish' || step.kind === 'hide') this.#queues.delete(callKey);
          this.onReport({ callKey, step: step.kind, ok: true });
        } catch (error) {
          const failure =
            error instanceof BitrixCallError ? error : new BitrixCallError('network', '', String(error), 0);
          this.log.error({ callKey, step: step.kind, err: failure }, 'Bitrix24 step failed');
          this.onReport({ callKey, step: step.kind, ok: false, error: failure });
          return;
        }
      }
    } finally {
      queue.running = false;
    }
  }

  async #deliver(client: BitrixClient, queue: CallQueue, step: BitrixStep): Promise<void> {
    if (step.kind === 'register') {
      const result = await client.call<RegisterResult>('telephony.externalCall.register', step.params);
      queue.callId = result.CALL_ID;
      return;
    }
    if (!queue.callId)
      throw new BitrixCallError('rejected', '', `${step.kind} before the call was registered`, 0);
    if (step.kind === 'finish') {
      await client.call('telephony.externalCall.finish', { CALL_ID: queue.callId, ...step.params });
    } else {
      await client.call(`telephony.externalCall.${step.kind}`, {
        CALL_ID: queue.callId,
        USER_ID: step.userIds,
      });
    }
  }
}
