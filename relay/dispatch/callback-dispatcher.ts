import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { CallbackOfferCommand, HubNotice, QueuedCallback } from '../../common/relay/hub-protocol';
import type { CallbackEvent } from '../bitrix/events';
import type { AgentHub } from '../hub/agent-hub';
import { HubRequestError } from '../hub/agent-hub';
import { randomId } from '../sessions/secrets';
import type { CallbackEntry, CallbackQueue, DedupeStore, PendingCommand, RelayBus } from '../stores/stores';
import type { CommandCenter } from './command-center';
import { deliveryOnce } from './delivery-once';

/**
 * ONEXTERNALCALLBACKSTART: a visitor asked to be called back; there is no user and no CALL_ID. The
 * request waits in a durable queue and is offered to one free agent at a time, longest idle first,
 * each offer with its own time-out; a decline or a lapse passes it to the next free agent. When
 * every free agent has passed, it waits `reofferAfterMs` and starts a new round. The accepting
 * app registers it (TYPE 4), dials and finishes, then reports `callback/done`.
 */
export class CallbackDispatcher {
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();

  constructor(
    private readonly deps: {
      queue: CallbackQueue;
      dedupe: DedupeStore;
      commands: CommandCenter;
      hub: AgentHub;
      log: Logger;
      offerTimeoutMs: number;
      reofferAfterMs: number;
      maxWaitMs: number;
      /** Relays sharing the queue: each offers to the free agents connected to it. */
      bus?: RelayBus;
      now?: () => number;
    },
  ) {
    deps.bus?.subscribe((message) => {
      if (message.to === 'callbacks') this.kick(message.memberId);
    });
    deps.commands.hook('callback-offer', {
      accepted: (command, connection) => this.#accepted(command, connection.userId),
      declined: (command, connection) => this.#declined(command, connection.userId),
      expired: (command) => this.#declined(command, command.userId),
    });
    deps.hub.handle('callback/done', async (connection, { callbackId }) => {
      const entry = await deps.queue.get(callbackId);
      if (!entry || entry.memberId !== connection.memberId)
        throw new HubRequestError('not-found', 'No such callback');
      if (entry.assignedTo !== connection.userId)
        throw new HubRequestError('forbidden', 'This callback is not yours');
      const ok = await deps.queue.remove(callbackId);
      await this.#publish(entry.memberId);
      return { ok };
    });
    deps.hub.handle('callbacks/list', async (connection) => ({
      callbacks: await this.visible(connection.memberId),
    }));
    deps.hub.listen({ presence: (memberId) => this.kick(memberId) });
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async intake(memberId: string, event: CallbackEvent): Promise<'queued' | 'duplicate'> {
    const { data } = event;
    // No id in the event: the same form submission delivered twice has the same ts and fields.
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([event.ts, data.PHONE_NUMBER, data.CRM_ENTITY_TYPE, data.CRM_ENTITY_ID, data.TEXT]),
      )
      .digest('hex');
    const now = this.#now();
    const delivery = deliveryOnce(
      this.deps.dedupe,
      `cb:${memberId}:${fingerprint}`,
      now + 24 * 3600_000,
      'cb',
    );
    if ((await delivery.seen()) === 'handled') return 'duplicate';
    const entry: CallbackEntry = {
      id: delivery.id,
      memberId,
      phoneNumber: data.PHONE_NUMBER,
      text: data.TEXT,
      ...(data.VOICE ? { voice: data.VOICE } : {}),
      ...(data.CRM_ENTITY_TYPE ? { crmEntityType: data.CRM_ENTITY_TYPE } : {}),
      ...(data.CRM_ENTITY_ID !== undefined ? { crmEntityId: data.CRM_ENTITY_ID } : {}),
      ...(data.LINE_NUMBER ? { lineNumber: data.LINE_NUMBER } : {}),
      requestedAt: now,
      state: 'waiting',
      declinedBy: [],
      roundStartedAt: now,
    };
    const queued = await this.deps.queue.enqueue(entry);
    await delivery.stored();
    if (!queued) return 'duplicate';
    this.deps.log.info({ callbackId: entry.id, memberId }, 'callback queued');
    await this.#publish(memberId);
    this.#wake(memberId);
    return 'queued';
  }

  async visible(memberId: string): Promise<QueuedCallback[]> {
    return (await this.deps.queue.list(memberId)).map((entry) => ({
      callbackId: entry.id,
      phoneNumber: entry.phoneNumber,
      text: entry.text,
      ...(entry.crmEntityType ? { crmEntityType: entry.crmEntityType } : {}),
      ...(entry.crmEntityId !== undefined ? { crmEntityId: entry.crmEntityId } : {}),
      ...(entry.lineNumber ? { lineNumber: entry.lineNumber } : {}),
      requestedAt: entry.requestedAt,
      state: entry.state,
      ...(entry.assignedTo !== undefined ? { assignedTo: entry.assignedTo } : {}),
    }));
  }

  async initialNotice(memberId: string): Promise<HubNotice> {
    return { kind: 'callbacks', callbacks: await this.visible(memberId) };
  }

  /** Offers waiting callbacks of a portal to free agents; coalesces concurrent kicks. */
  kick(memberId: string): void {
    if (this.#running.has(memberId)) {
      this.#again.add(memberId);
      return;
    }
    const run = this.#dispatch(memberId)
      .catch((error: unknown) => this.deps.log.error({ err: error, memberId }, 'callback dispatch failed'))
      .finally(() => {
        this.#running.delete(memberId);
        if (this.#again.delete(memberId)) this.kick(memberId);
      });
    this.#running.set(memberId, run);
  }

  /** Periodic: new rounds for callbacks everyone passed on, and giving up on ancient ones. */
  async tick(): Promise<void> {
    const expired = await this.deps.queue.expire(this.#now() - this.deps.maxWaitMs);
    for (const entry of expired)
      this.deps.log.warn({ callbackId: entry.id }, 'callback waited too long: dropped');
    for (const memberId of new Set(expired.map((entry) => entry.memberId))) await this.#publish(memberId);
    for (const memberId of await this.deps.queue.portalsWaiting()) this.kick(memberId);
  }

  /** Waits for running dispatches (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  async #dispatch(memberId: string): Promise<void> {
    const now = this.#now();
    const entries = await this.deps.queue.list(memberId);
    const busy = new Set(
      entries.filter((entry) => entry.state === 'offered').map((entry) => entry.offeredTo),
    );
    let changed = false;
    for (const entry of entries) {
      if (entry.state !== 'waiting') continue;
      const free = this.deps.hub.presence
        .freeAgents(memberId, now)
        .filter((agent) => !busy.has(agent.userId));
      if (free.length === 0) break;
      let candidates = free.filter((agent) => !entry.declinedBy.includes(agent.userId));
      if (candidates.length === 0) {
        if (entry.roundStartedAt + this.deps.reofferAfterMs > now) continue;
        await this.deps.queue.newRound(entry.id, now);
        candidates = free;
      }
      const agent = candidates[0];
      if (!agent) continue;
      const command: CallbackOfferCommand = {
        kind: 'callback-offer',
        id: randomId('cmd'),
        callbackId: entry.id,
        phoneNumber: entry.phoneNumber,
        text: entry.text,
        ...(entry.voice ? { voice: entry.voice } : {}),
        ...(entry.crmEntityType ? { crmEntityType: entry.crmEntityType } : {}),
        ...(entry.crmEntityId !== undefined ? { crmEntityId: entry.crmEntityId } : {}),
        ...(entry.lineNumber ? { lineNumber: entry.lineNumber } : {}),
        requestedAt: entry.requestedAt,
        expiresAt: now + this.deps.offerTimeoutMs,
      };
      if (!(await this.deps.queue.offer(entry.id, agent.userId, command.id, command.expiresAt))) continue;
      busy.add(agent.userId);
      changed = true;
      await this.deps.commands.issue(memberId, agent.userId, command, now);
      this.deps.log.info({ callbackId: entry.id, userId: agent.userId }, 'callback offered');
    }
    if (changed) await this.#publish(memberId);
  }

  async #accepted(command: PendingCommand, userId: number): Promise<void> {
    if (command.command.kind !== 'callback-offer') return;
    const { callbackId } = command.command;
    if (!(await this.deps.queue.accept(callbackId, userId))) return;
    this.deps.hub.presence.hold(command.memberId, userId, this.#now() + 30_000);
    this.deps.log.info({ callbackId, userId }, 'callback accepted');
    await this.#publish(command.memberId);
  }

  async #declined(command: PendingCommand, userId: number): Promise<void> {
    if (command.command.kind !== 'callback-offer') return;
    if (await this.deps.queue.decline(command.command.callbackId, userId)) {
      this.deps.log.info({ callbackId: command.command.callbackId, userId }, 'callback passed on');
      await this.#publish(command.memberId);
    }
    this.#wake(command.memberId);
  }

  /**
   * Offers now, here and at the other relays: each offers only to the free agents connected to it,
   * so without this a callback would reach another relay's agents only on that relay's next round.
   */
  #wake(memberId: string): void {
    this.kick(memberId);
    this.deps.bus
      ?.publish({ to: 'callbacks', memberId })
      .catch((error: unknown) => this.deps.log.warn({ err: error, memberId }, 'other relays not woken'));
  }

  async #publish(memberId: string): Promise<void> {
    this.deps.hub.broadcast(memberId, { t: 'notice', notice: await this.initialNotice(memberId) });
  }
}
