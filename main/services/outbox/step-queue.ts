import type { BitrixStep } from '../../../common/bitrix/telephony';

/** Where the call tracker hands Bitrix24 steps for delivery, in order per call. */
export interface StepQueue {
  enqueue(callKey: string, steps: readonly BitrixStep[]): void;
  /** Steps accepted but not yet delivered. */
  pending(): number;
}
