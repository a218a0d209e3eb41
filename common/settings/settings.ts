import { z } from 'zod';
import { appearanceSettingsSchema } from './appearance-settings';
import { desktopSettingsSchema } from './desktop-settings';
import { phoneSettingsSchema } from './phone-settings';
import { recordingSettingsSchema } from './recording-settings';

/**
 * The agent's settings: what the settings screen edits and the host persists per profile.
 * Every field is validated here, once, for the renderer's form and for the host's store alike,
 * so a malformed value is refused with a message before it can break a connection.
 */

function urlWithProtocols(protocols: readonly string[], message: string) {
  return z
    .string()
    .trim()
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname !== '';
    }, message);
}

const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{0,64}$/, 'A SIP header name may contain letters, digits and dashes only');

/** The header PBX set-ups conventionally name the dialled line in (docs/pbx.md): read when the
 * agent names none, so LINE_NUMBER needs no typing. */
export const defaultLineHeader = 'X-Line';

export const sipAccountSchema = z.object({
  /** The PBX's SIP-over-WebSocket endpoint, e.g. wss://pbx.example.com:8089/ws. */
  wsUrl: urlWithProtocols(['ws:', 'wss:'], 'The PBX address must be a ws:// or wss:// URL'),
  /** SIP domain (realm) of the account; the AOR is sip:{extension}@{domain}. */
  domain: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'The SIP domain must be a host name or an IP address'),
  extension: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._+-]{1,64}$/, 'The extension may contain letters, digits and . _ + - only'),
  password: z.string().max(256),
  displayName: z.string().trim().max(100).default(''),
  /** The INVITE header carrying the PBX's own id for the physical call (same on every forked leg);
   * used as EXTERNAL_CALL_ID when present, else the SIP Call-ID. Empty: none. */
  callIdHeader: headerName.default(''),
  /** The INVITE header naming the external line the customer dialled (LINE_NUMBER). Empty: the
   * conventional one, `defaultLineHeader`. */
  lineHeader: headerName.default(''),
});
export type SipAccount = z.infer<typeof sipAccountSchema>;

export const bitrixConnectionSchema = z.object({
  /** The portal's address, e.g. https://company.bitrix24.com (plain http only for a local emulator). */
  portalUrl: urlWithProtocols(['https:', 'http:'], 'The portal address must be an http(s):// URL'),
});
export type BitrixConnection = z.infer<typeof bitrixConnectionSchema>;

/** When Bitrix24 opens its call card for this agent (docs/ARCHITECTURE.md#domain-rules). */
export const cardPolicySchema = z.enum(['on-ring', 'on-answer', 'never']);
export type CardPolicy = z.infer<typeof cardPolicySchema>;

/**
 * Whether a call with a number the CRM does not know creates a lead there (register's CRM_CREATE),
 * per direction: incoming (from the PBX, forwarded or not) and outgoing (dialled by the agent, or a
 * callback). Calls between agents never do: they are not registered at all. `missed`: an incoming
 * call nobody answered gets a lead and a call activity to call back after its finish (the app
 * creates them; only when `incoming` is off, else Bitrix24 made the lead at the register).
 */
export const crmCreateSchema = z.object({
  incoming: z.boolean().default(false),
  outgoing: z.boolean().default(false),
  missed: z.boolean().default(false),
});
export type CrmCreate = z.infer<typeof crmCreateSchema>;

export const settingsSchema = z.object({
  sip: sipAccountSchema.nullable().default(null),
  bitrix: bitrixConnectionSchema.nullable().default(null),
  cardPolicy: cardPolicySchema.default('on-ring'),
  /** The external line reported as LINE_NUMBER when the PBX does not name the called line. */
  defaultLineNumber: z.string().trim().max(64).default(''),
  /** Leads for unknown numbers, per direction. */
  crmCreate: crmCreateSchema.prefault({}),
  desktop: desktopSettingsSchema.prefault({}),
  /** The softphone's own behaviour (answering, DND, media, network, dial rules). */
  phone: phoneSettingsSchema.prefault({}),
  /** Call recording: mode, retention, transcription. */
  recording: recordingSettingsSchema.prefault({}),
  /** Language and colour theme of the window. */
  appearance: appearanceSettingsSchema.prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
