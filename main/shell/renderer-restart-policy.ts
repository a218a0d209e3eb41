/**
 * After the page crashes the shell reloads it, because an agent with no window misses calls; but a
 * page that crashes again and again is left down (and logged) rather than reloaded in a loop.
 */
export const restartWindowMs = 5 * 60_000;
export const maxRestartsInWindow = 3;

export function mayRestartRenderer(previousCrashes: readonly number[], now: number): boolean {
  const recent = previousCrashes.filter((at) => now - at < restartWindowMs);
  return recent.length < maxRestartsInWindow;
}
