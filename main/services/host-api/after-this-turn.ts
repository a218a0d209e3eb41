/**
 * Resolves after the current turn of the event loop, its microtasks included: an answer given
 * after it reaches the page after every request this turn started (a ringing call's register).
 */
export function afterThisTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
