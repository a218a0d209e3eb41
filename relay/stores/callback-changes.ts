import type { CallbackEntry } from './stores';

/**
 * The callback queue's state changes as pure functions of an entry: each store applies one to the
 * entry it read inside a transaction; null means the change does not apply (someone else won).
 */
export const callbackChanges = {
  offer: (userId: number, commandId: string, expiresAt: number) => (entry: CallbackEntry) =>
    entry.state !== 'waiting'
      ? null
      : ({
          ...entry,
          state: 'offered',
          offeredTo: userId,
          offerCommandId: commandId,
          offerExpiresAt: expiresAt,
        } satisfies CallbackEntry),
  decline: (userId: number) => (entry: CallbackEntry) => {
    if (entry.state !== 'offered' || entry.offeredTo !== userId) return null;
    const { offeredTo: _o, offerCommandId: _c, offerExpiresAt: _e, ...rest } = entry;
    return {
      ...rest,
      state: 'waiting',
      declinedBy: [...new Set([...entry.declinedBy, userId])],
    } satisfies CallbackEntry;
  },
  accept: (userId: number) => (entry: CallbackEntry) =>
    entry.state !== 'offered' || entry.offeredTo !== userId
      ? null
      : ({ ...entry, state: 'accepted', assignedTo: userId } satisfies CallbackEntry),
  newRound: (now: number) => (entry: CallbackEntry) =>
    ({ ...entry, declinedBy: [], roundStartedAt: now }) satisfies CallbackEntry,
};

export type CallbackChange = (entry: CallbackEntry) => CallbackEntry | null;
