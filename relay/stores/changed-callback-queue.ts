import { callbackChanges, type CallbackChange } from './callback-changes';
import type { CallbackEntry, CallbackQueue } from './stores';

/**
 * The callback queue's state changes as the shared rules (callback-changes.ts) applied by a store's
 * own atomic read-decide-write (`change`): the SQLite and PostgreSQL queues differ only in SQL.
 */
export abstract class ChangedCallbackQueue implements CallbackQueue {
  /** Applies `next` to the stored entry inside one transaction; false when it does not apply. */
  protected abstract change(id: string, next: CallbackChange): Promise<boolean>;
  abstract enqueue(entry: CallbackEntry): Promise<boolean>;
  abstract get(id: string): Promise<CallbackEntry | null>;
  abstract list(memberId: string): Promise<CallbackEntry[]>;
  abstract portalsWaiting(): Promise<string[]>;
  abstract remove(id: string): Promise<boolean>;
  abstract expire(before: number): Promise<CallbackEntry[]>;

  offer(id: string, userId: number, commandId: string, expiresAt: number): Promise<boolean> {
    return this.change(id, callbackChanges.offer(userId, commandId, expiresAt));
  }

  decline(id: string, userId: number): Promise<boolean> {
    return this.change(id, callbackChanges.decline(userId));
  }

  accept(id: string, userId: number): Promise<boolean> {
    return this.change(id, callbackChanges.accept(userId));
  }

  async newRound(id: string, now: number): Promise<void> {
    await this.change(id, callbackChanges.newRound(now));
  }
}
