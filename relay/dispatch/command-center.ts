import type { Logger } from 'pino';
import type { HubCommand } from '../../common/relay/hub-protocol';
import { BitrixRestError } from '../bitrix/rest-client';
import type { PortalApi } from '../bitrix/portal-api';
import type { AgentConnection, AgentHub } from '../hub/agent-hub';
import type { RelayMetrics } from '../ops/metrics';
import { randomId } from '../sessions/secrets';
import type { CommandStore, FinishStatus, PendingCommand } from '../stores/stores';

export type AcceptOutcome = 'yours' | 'taken' | 'expired' | 'unknown';

/** What a command's kind does when it is settled; the callback dispatcher hooks in here. */
export interface CommandHooks {
  accepted?(command: PendingCommand, connection: AgentConnection): Promise<void>;
  declined?(command: PendingCommand, connection: AgentConnection): Promise<void>;
  expired?(command: PendingCommand): Promise<void>;
}

interface FinishRetry {
  attempts: number;
  nextAt: number;
}

const maxFinishAttempts = 8;
/**
 * How long one relay holds the right to send a finish (CommandStore.leaseFinish): longer than a
 * REST call takes, short enough that another relay sends it soon after the holder died.
 */
const finishLeaseMs = 15_000;

/**
 * Commands for agents' apps: stored before they are sent (so a restart loses none), sent to every
 * app of the user, re-sent on reconnect until settled, and settled exactly once - the first app to
 * accept wins, the others are told to drop it. Time-outs are swept from the store, so they survive
 * a restart too; a click-to-call nobody took is finished in Bitrix24 with 480 so the CRM is not
 * left with a call that never ends.
 */
export class CommandCenter {
  readonly #hooks = new Map<HubCommand['kind'], CommandHooks>();
  readonly #finishRetries = new Map<string, FinishRetry>();
  /** This relay among those sharing the store, as the holder of finish leases. */
  readonly #relayId = randomId('relay');
  #sweeping = false;

  constructor(
    private readonly deps: {
      commands: CommandStore;
      hub: AgentHub;
      api: PortalApi;
      metrics: RelayMetrics;
      log: Logger;
      now?: () => number;
    },
  ) {
    deps.hub.handle('command/accept', async (connection, { commandId }) => ({
      outcome: await this.accept(connection, commandId),
    }));
    deps.hub.handle('command/decline', async (connection, { commandId }) => ({
      ok: await this.decline(connection, commandId),
    }));
    deps.hub.handle('command/refuse', async (connection, { commandId, reason }) => ({
      ok: await this.refuse(connection, commandId, reason),
    }));
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  hook(kind: HubCommand['kind'], hooks: CommandHooks): void {
    this.#hooks.set(kind, hooks);
  }

  /**
   * Stores the command and sends it to the user's apps (through the bus also those connected to
   * other relays); `receivedAt` starts the latency clock. Returns how many of this relay's sockets
   * it was written to, or null when a command with its id was stored already. Such a command is
   * sent again while it is pending: the relay that stored it may have died before sending it (the
   * balancer then retries the event here), and the apps take each command id once.
   */
  async issue(
    memberId: string,
    userId: number,
    command: HubCommand,
    receivedAt: number,
  ): Promise<number | null> {
    const stored = await this.deps.commands.add({
      id: command.id,
      memberId,
      userId,
      command,
      createdAt: this.#now(),
      expiresAt: command.expiresAt,
      state: 'pending',
    });
    if (!stored) {
      const existing = await this.deps.commands.get(command.id);
      if (existing?.state === 'pending' && existing.expiresAt > this.#now())
        this.deps.hub.send(memberId, userId, { t: 'command', command: existing.command });
      return null;
    }
    const sent = this.deps.hub.send(memberId, userId, { t: 'command', command });
    if (sent > 0) {
      this.deps.metrics.dispatchLatency.observe((this.#now() - receivedAt) / 1000);
      this.deps.metrics.commandsOut.inc({ kind: command.kind }, sent);
    }
    return sent;
  }

  /**
   * Stores a click-to-call the relay must finish itself without offering it: with 480 when it came
   * too late, 404 when its number cannot be dialled. False when a command with its id was stored already.
   */
  async close(
    memberId: string,
    userId: number,
    command: HubCommand,
    reason: string,
    statusCode: FinishStatus = '480',
  ): Promise<boolean> {
    const stored = await this.deps.commands.add({
      id: command.id,
      memberId,
      userId,
      command,
      createdAt: this.#now(),
      expiresAt: this.#now(),
      state: 'expiring',
      reason,
      ...(statusCode !== '480' ? { statusCode } : {}),
    });
    // Not awaited: the event's sender gets its 200 without waiting for our finish to Bitrix24.
    if (stored) void this.sweep();
    return stored;
  }

  async accept(connection: AgentConnection, commandId: string): Promise<AcceptOutcome> {
    // One store call decides it and says who won: the agent's own pending command, still in time.
    const { won, command } = await this.deps.commands.accept(
      commandId,
      connection,
      connection.instance,
      this.#now(),
    );
    if (!command || command.memberId !== connection.memberId || command.userId !== connection.userId)
      return 'unknown';
    if (won) {
      // The agent's other apps drop it; the one that took it learns so from its answer.
      this.deps.hub.send(
        connection.memberId,
        connection.userId,
        { t: 'notice', notice: { kind: 'command-withdrawn', commandId, reason: 'taken-elsewhere' } },
        connection.id,
      );
      await this.#hooks.get(command.command.kind)?.accepted?.(command, connection);
      return 'yours';
    }
    if (command.state === 'accepted') return command.settledBy === connection.instance ? 'yours' : 'taken';
    return command.state === 'declined' ? 'taken' : 'expired';
  }

  async decline(connection: AgentConnection, commandId: string): Promise<boolean> {
    const command = await this.#own(connection, commandId);
    // A click-to-call cannot be declined: the agent clicked it; it expires into a 480 instead.
    if (!command || command.command.kind !== 'callback-offer') return false;
    if (!(await this.deps.commands.transition(commandId, 'pending', 'declined', connection.instance)))
      return false;
    this.deps.hub.send(
      connection.memberId,
      connection.userId,
      { t: 'notice', notice: { kind: 'command-withdrawn', commandId, reason: 'cancelled' } },
      connection.id,
    );
    await this.#hooks.get('callback-offer')?.declined?.(command, connection);
    return true;
  }

  /**
   * An app cannot dial this click-to-call: unless another app took it first, the relay finishes it
   * with 404 and the app's reason, and the agent's other apps drop it.
   */
  async refuse(connection: AgentConnection, commandId: string, reason: string): Promise<boolean> {
    const command = await this.#own(connection, commandId);
    if (!command || command.command.kind !== 'click-to-call') return false;
    if (!(await this.deps.commands.refuse(commandId, reason, '404', connection.instance))) return false;
    this.deps.hub.send(
      connection.memberId,
      connection.userId,
      { t: 'notice', notice: { kind: 'command-withdrawn', commandId, reason: 'cancelled' } },
      connection.id,
    );
    void this.sweep();
    return true;
  }

  /** Withdraws a pending command (e.g. its callback was taken by someone else). */
  async cancel(commandId: string): Promise<void> {
    const command = await this.deps.commands.get(commandId);
    if (!command || !(await this.deps.commands.transition(commandId, 'pending', 'expired'))) return;
    this.deps.hub.send(command.memberId, command.userId, {
      t: 'notice',
      notice: { kind: 'command-withdrawn', commandId, reason: 'cancelled' },
    });
  }

  pendingFor(memberId: string, userId: number): Promise<HubCommand[]> {
    return this.deps.commands
      .pendingFor(memberId, userId, this.#now())
      .then((commands) => commands.map((command) => command.command));
  }

  /** Expires what is due and finishes what is owed; safe to call at any time, runs one at a time. */
  async sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const now = this.#now();
      // Finishes waiting for their retry come back every sweep: leave room for the newly due.
      for (const command of await this.deps.commands.due(now, 100 + this.#finishRetries.size)) {
        if (command.state === 'pending') {
          const closing = command.command.kind === 'click-to-call' ? 'expiring' : 'expired';
          if (!(await this.deps.commands.transition(command.id, 'pending', closing))) continue;
          // The kind's own consequences first (a lapsed callback offer is back in the queue), so an
          // app told of the withdrawal finds them done, also when the store answers asynchronously.
          if (closing === 'expired') await this.#hooks.get(command.command.kind)?.expired?.(command);
          this.deps.hub.send(command.memberId, command.userId, {
            t: 'notice',
            notice: { kind: 'command-withdrawn', commandId: command.id, reason: 'expired' },
          });
          if (closing === 'expired') continue;
        }
        await this.#finishUnanswered(command, now);
      }
    } catch (error) {
      this.deps.log.error({ err: error }, 'command sweep failed');
    } finally {
      this.#sweeping = false;
    }
  }

  async #finishUnanswered(command: PendingCommand, now: number): Promise<void> {
    if (command.command.kind !== 'click-to-call') {
      await this.deps.commands.transition(command.id, 'expiring', 'expired');
      return;
    }
    const retry = this.#finishRetries.get(command.id);
    if (retry && retry.nextAt > now) return;
    // Several relays sweep the same commands: the one holding the lease sends the finish.
    if (!(await this.deps.commands.leaseFinish(command.id, this.#relayId, now, now + finishLeaseMs))) return;
    const reason = command.reason ?? 'No b24phone app of this user accepted the call in time';
    const status = command.statusCode ?? '480';
    try {
      await this.deps.api.call(command.memberId, 'telephony.externalCall.finish', {
        CALL_ID: command.command.callId,
        USER_ID: command.userId,
        DURATION: 0,
        STATUS_CODE: status,
        FAILED_REASON: reason,
      });
      this.deps.metrics.finishes.inc({ status });
      this.deps.log.info(
        { callId: command.command.callId, userId: command.userId, reason, status },
        'click-to-call finished by the relay',
      );
    } catch (error) {
      const attempts = (retry?.attempts ?? 0) + 1;
      // finish is safe to repeat: a second one for the same CALL_ID is refused, not duplicated.
      const alreadyFinished = error instanceof BitrixRestError && /not found/i.test(error.description);
      const transient = error instanceof BitrixRestError && error.transient;
      if (!alreadyFinished && transient && attempts < maxFinishAttempts) {
        this.#finishRetries.set(command.id, {
          attempts,
          nextAt: now + Math.min(60_000, 500 * 2 ** attempts),
        });
        this.deps.log.warn(
          { err: error, callId: command.command.callId, attempts },
          'finish failed; will retry',
        );
        return;
      }
      if (!alreadyFinished) {
        this.deps.log.error(
          { err: error, callId: command.command.callId },
          'could not finish an unanswered click-to-call',
        );
      }
    }
    this.#finishRetries.delete(command.id);
    await this.deps.commands.transition(command.id, 'expiring', 'expired');
  }

  /** The command, if it belongs to this connection's agent; nobody learns of other agents' commands. */
  async #own(connection: AgentConnection, commandId: string): Promise<PendingCommand | null> {
    const command = await this.deps.commands.get(commandId);
    if (!command || command.memberId !== connection.memberId || command.userId !== connection.userId)
      return null;
    return command;
  }
}
