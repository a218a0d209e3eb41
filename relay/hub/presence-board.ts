import type { Presence } from '../../common/relay/hub-protocol';

interface UserPresence {
  memberId: string;
  userId: number;
  connections: Map<string, Presence>;
  /** Since when the agent has been free of calls: the longest idle gets the next callback. */
  idleSince: number;
  /** The relay itself knows the agent just took a call (until the app reports it busy). */
  heldUntil: number;
  wasBusy: boolean;
}

export interface FreeAgent {
  userId: number;
  idleSince: number;
}

const key = (memberId: string, userId: number) => `${memberId}\u0000${userId}`;

/**
 * Presence of every connected agent, aggregated over the agent's apps: free means at least one app
 * is SIP-registered and none is busy or in do-not-disturb.
 */
export class PresenceBoard {
  readonly #users = new Map<string, UserPresence>();

  set(memberId: string, userId: number, connectionId: string, presence: Presence, now: number): void {
    const user = this.#users.get(key(memberId, userId)) ?? {
      memberId,
      userId,
      connections: new Map<string, Presence>(),
      idleSince: now,
      heldUntil: 0,
      wasBusy: false,
    };
    this.#users.set(key(memberId, userId), user);
    user.connections.set(connectionId, presence);
    if (presence.busy) user.heldUntil = 0;
    this.#track(user, now);
  }

  remove(memberId: string, userId: number, connectionId: string, now: number): void {
    const user = this.#users.get(key(memberId, userId));
    if (!user) return;
    user.connections.delete(connectionId);
    if (user.connections.size === 0) this.#users.delete(key(memberId, userId));
    else this.#track(user, now);
  }

  /** The agent just accepted a call from the relay: not free until its app says otherwise. */
  hold(memberId: string, userId: number, until: number): void {
    const user = this.#users.get(key(memberId, userId));
    if (user) user.heldUntil = Math.max(user.heldUntil, until);
  }

  isFree(memberId: string, userId: number, now: number): boolean {
    const user = this.#users.get(key(memberId, userId));
    return user !== undefined && this.#free(user, now);
  }

  /** Free agents of a portal, longest idle first. */
  freeAgents(memberId: string, now: number): FreeAgent[] {
    const free: FreeAgent[] = [];
    for (const user of this.#users.values()) {
      if (user.memberId === memberId && this.#free(user, now))
        free.push({ userId: user.userId, idleSince: user.idleSince });
    }
    return free.sort((a, b) => a.idleSince - b.idleSince || a.userId - b.userId);
  }

  get connectedAgents(): number {
    return this.#users.size;
  }

  #free(user: UserPresence, now: number): boolean {
    const all = [...user.connections.values()];
    return (
      user.heldUntil <= now &&
      all.some((presence) => presence.sipRegistered) &&
      !all.some((presence) => presence.busy || presence.dnd)
    );
  }

  #track(user: UserPresence, now: number): void {
    const busy = [...user.connections.values()].some((presence) => presence.busy);
    if (user.wasBusy && !busy) user.idleSince = now;
    user.wasBusy = busy;
  }
}
