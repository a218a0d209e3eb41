import { z } from 'zod';

/**
 * Changes of the machine the phone must react to: after `resume`, `unlock-screen` or `online` a
 * registration may have died silently (the OS dropped the WebSocket while asleep), so the phone
 * re-registers instead of waiting for the next refresh; before `suspend` it may unregister cleanly.
 * Pushed by the desktop host as the `system/changed` event; `at` is epoch milliseconds.
 */
export const systemEventSchema = z.object({
  kind: z.enum(['suspend', 'resume', 'lock-screen', 'unlock-screen', 'online', 'offline']),
  at: z.number().int().nonnegative(),
});
export type SystemEvent = z.infer<typeof systemEventSchema>;
