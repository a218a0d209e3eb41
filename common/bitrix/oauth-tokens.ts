import { z } from 'zod';

/** The fields of an `/oauth/token/` response we keep (docs/bitrix24-contract.md#oauth-and-tokens). */
export const bitrixTokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().default(''),
  /** Unix seconds; derived from expires_in when a response lacks it. */
  expires: z.coerce.number().int(),
  expires_in: z.coerce.number().int().default(3600),
  client_endpoint: z.string().url(),
  server_endpoint: z.string().default(''),
  domain: z.string().default(''),
  member_id: z.string().default(''),
  scope: z.string().default(''),
  status: z.string().default('L'),
  user_id: z.coerce.number().int().positive(),
});
export type BitrixTokens = z.infer<typeof bitrixTokensSchema>;
