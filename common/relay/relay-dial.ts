import { z } from 'zod';

/**
 * A call this app dials for the relay (a click-to-call it won, a callback its agent accepted), as
 * the host tells the page: what to show with the call while it lasts. `number` is the number as the
 * phone dials it, i.e. the call's remote number.
 */
export const relayDialSchema = z.object({
  origin: z.enum(['click-to-call', 'callback']),
  number: z.string().min(1).max(64),
  crmEntityType: z.string().max(32).optional(),
  crmEntityId: z.number().int().optional(),
  callListId: z.number().int().optional(),
  /** Callback: the request's TEXT, shown and read aloud to the agent. */
  text: z.string().max(2000).optional(),
  /** Callback: Bitrix24's VOICE for reading TEXT (e.g. `ruinternalfemale`); its language is used. */
  voice: z.string().max(64).optional(),
});
export type RelayDial = z.infer<typeof relayDialSchema>;
