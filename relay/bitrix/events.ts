import { z } from 'zod';

/**
 * The Bitrix24 events the relay handles, as they arrive after `parsePhpForm`: every value a string
 * (docs/bitrix24-contract.md#installation-and-events). Numbers are parsed here so the rest of the relay sees
 * typed values; an event missing what it cannot work without is refused with the reason.
 */

const text = (max: number) => z.string().max(max);
const optionalInt = z
  .string()
  .max(20)
  .optional()
  .transform((value) => (value && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : undefined));
/** Ids where Bitrix24 sends 0 or '' for "none" (CALL_LIST_ID=0 outside call lists). */
const optionalId = optionalInt.transform((value) => (value !== undefined && value > 0 ? value : undefined));
const optionalText = (max: number) =>
  text(max)
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const flag = z
  .string()
  .max(5)
  .optional()
  .transform((value) => (value === undefined ? undefined : ['Y', '1', 'true'].includes(value)));

/** `auth[...]` of an event: who sent it; only member_id and application_token are relied upon. */
const eventAuthSchema = z.object({
  member_id: text(64).min(1),
  application_token: text(256).min(1),
  domain: optionalText(255),
  client_endpoint: optionalText(500),
  server_endpoint: optionalText(500),
});

const eventName = z
  .string()
  .max(64)
  .transform((name) => name.toUpperCase());

/** `ts`: unix seconds when Bitrix24 sent the event. */
const timestamp = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform(Number);

export const installEventSchema = z.object({
  event: eventName.pipe(z.literal('ONAPPINSTALL')),
  data: z
    .object({ VERSION: optionalText(20), LANGUAGE_ID: optionalText(8) })
    .optional()
    .transform((data) => data ?? {}),
  ts: timestamp.optional(),
  auth: z.object({
    access_token: text(512).min(1),
    refresh_token: text(512).min(1),
    expires: optionalInt,
    expires_in: optionalInt,
    scope: text(1000).default(''),
    domain: text(255).min(1),
    server_endpoint: z.url().max(500),
    client_endpoint: z.url().max(500),
    status: text(8).default('L'),
    member_id: text(64).min(1),
    application_token: text(256).min(1),
    user_id: optionalInt,
  }),
});
export type InstallEvent = z.infer<typeof installEventSchema>;

export const uninstallEventSchema = z.object({
  event: eventName.pipe(z.literal('ONAPPUNINSTALL')),
  data: z.object({ CLEAN: optionalText(4) }).optional(),
  ts: timestamp.optional(),
  auth: eventAuthSchema,
});

export const clickToCallEventSchema = z.object({
  event: eventName.pipe(z.literal('ONEXTERNALCALLSTART')),
  data: z.object({
    CALL_ID: text(200).min(1),
    USER_ID: z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number),
    PHONE_NUMBER: text(64).min(1),
    PHONE_NUMBER_INTERNATIONAL: optionalText(64),
    EXTENSION: optionalText(64),
    LINE_NUMBER: optionalText(64),
    CALL_LIST_ID: optionalId,
    CRM_ENTITY_TYPE: optionalText(32),
    CRM_ENTITY_ID: optionalId,
    IS_MOBILE: flag,
  }),
  ts: timestamp,
  auth: eventAuthSchema,
});
export type ClickToCallEvent = z.infer<typeof clickToCallEventSchema>;

export const callbackEventSchema = z.object({
  event: eventName.pipe(z.literal('ONEXTERNALCALLBACKSTART')),
  data: z.object({
    PHONE_NUMBER: text(64).min(1),
    TEXT: text(2000).default(''),
    VOICE: optionalText(64),
    CRM_ENTITY_TYPE: optionalText(32),
    CRM_ENTITY_ID: optionalId,
    LINE_NUMBER: optionalText(64),
  }),
  ts: timestamp,
  event_handler_id: optionalText(20),
  auth: eventAuthSchema,
});
export type CallbackEvent = z.infer<typeof callbackEventSchema>;

/** The events bound on every install, and where each is delivered. */
export const boundEvents = ['ONEXTERNALCALLSTART', 'ONEXTERNALCALLBACKSTART', 'ONAPPUNINSTALL'] as const;
