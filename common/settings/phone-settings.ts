import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * How the softphone behaves: answering, refusing, media, network and dialling. Edited on the
 * settings screen with the rest and stored with the rest; every field has a default, so older
 * settings files read as "as before".
 */

/** A device id from `enumerateDevices`; empty means "the system default". */
const deviceId = z.string().max(256).default('');

export const autoAnswerSettingsSchema = z.object({
  /** Answer every incoming call by itself (headset / intercom work). */
  always: z.boolean().default(false),
  /** Answer when the PBX asks for it in Alert-Info or Call-Info (answer-after, auto-answer). */
  byHeader: z.boolean().default(true),
  /** Seconds to ring before answering by itself (the header's answer-after wins when given). */
  delaySeconds: z.number().int().min(0).max(30).default(0),
});

export const audioSettingsSchema = z.object({
  microphoneId: deviceId,
  speakerId: deviceId,
  /** Where the ringtone plays (e.g. the computer's speakers while the headset is on). */
  ringerId: deviceId,
  echoCancellation: z.boolean().default(true),
  noiseSuppression: z.boolean().default(true),
  autoGainControl: z.boolean().default(true),
  /** 0..1 */
  ringtoneVolume: z.number().min(0).max(1).default(0.8),
});
export type AudioSettings = z.infer<typeof audioSettingsSchema>;

/** Codecs the phone may prefer; the order of the list is the order offered. */
export const codecNameSchema = z.enum(['opus', 'PCMA', 'PCMU', 'G722']);
export type CodecName = z.infer<typeof codecNameSchema>;

const iceServerUrl = z
  .string()
  .trim()
  .max(300)
  .regex(
    /^(stun|stuns|turn|turns):[^\s]+$/,
    'A STUN/TURN server is stun:, stuns:, turn: or turns: followed by host[:port]',
  );

export const iceServerSchema = z.object({
  urls: iceServerUrl,
  username: z.string().max(200).default(''),
  credential: z.string().max(200).default(''),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const networkSettingsSchema = z.object({
  /** STUN/TURN for media; none by default (the PBX's media relay handles NAT, and a public STUN
   * server would leak the agent's address and slow down every call). */
  iceServers: z.array(iceServerSchema).max(5).default([]),
  /** OPTIONS keep-alive to the PBX every N seconds, to notice a dead connection early; 0: off. */
  keepAliveSeconds: z.number().int().min(0).max(600).default(0),
  /** REGISTER expiry asked of the PBX; the refresh comes well before it (refresh-schedule.ts). */
  registerExpiresSeconds: z.number().int().min(30).max(3600).default(300),
});

/** How a dialled number becomes the user part of the INVITE (common/phone/dial-rules.ts). */
export const dialRulesSettingsSchema = z.object({
  /** ISO country of numbers written without an international prefix; empty: the portal's country
   * (the relay's configuration for the portal, common/phone/dial-rules.ts `countryOfNumbers`). */
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (value): value is CountryCode | '' => value === '' || isSupportedCountry(value),
      'Not a known ISO country code (e.g. RU, DE, US)',
    )
    .default(''),
  /** Longest internal extension: up to this many digits (and at least 2) dial as is. */
  internalMaxDigits: z.number().int().min(2).max(8).default(6),
  /** Digits the PBX wants before every external number (an outside line, e.g. 9); empty: none. */
  outsideLinePrefix: z
    .string()
    .trim()
    .regex(/^[0-9*#]{0,4}$/, 'The outside line prefix is up to 4 digits')
    .default(''),
  /** How external numbers are sent: +E.164, with an international prefix instead of +, or numbers
   * of the default country in national form (others with the international prefix). */
  externalFormat: z.enum(['e164', 'international-prefix', 'national-at-home']).default('e164'),
  internationalPrefix: z
    .string()
    .trim()
    .regex(/^[0-9]{2,4}$/, 'The international prefix is 2 to 4 digits (00, 810, 011)')
    .default('00'),
});
export type DialRulesSettings = z.infer<typeof dialRulesSettingsSchema>;

export const phoneSettingsSchema = z.object({
  autoAnswer: autoAnswerSettingsSchema.prefault({}),
  /** Do not disturb: incoming calls are refused with 486 Busy Here and logged as such. */
  dnd: z.boolean().default(false),
  /** A second incoming call rings during a call (else it is refused with 486). */
  callWaiting: z.boolean().default(true),
  /** A headset's call button and the media keys answer and hang up (renderer/app/headset-buttons.ts). */
  headsetButtons: z.boolean().default(true),
  /** DTMF as RFC 4733 telephone-events in the media (default) or as SIP INFO requests. */
  dtmfMode: z.enum(['rfc4733', 'sip-info']).default('rfc4733'),
  /** Codec preference, first preferred; codecs not listed keep their place after these. */
  codecs: z.array(codecNameSchema).max(4).default(['opus', 'PCMA', 'PCMU']),
  audio: audioSettingsSchema.prefault({}),
  network: networkSettingsSchema.prefault({}),
  dialRules: dialRulesSettingsSchema.prefault({}),
  /** tel:/callto:/sip: links to the agent's own extensions and country dial without asking
   * (emergency and premium-rate numbers still ask; common/phone/link-dial.ts). Off: every link asks. */
  dialLinksAtOnce: z.boolean().default(false),
  /** A number clicked in the Bitrix24 mobile app (ONEXTERNALCALLSTART's IS_MOBILE) is dialled here
   * too. Off: such a click is left alone - the agent meant to call from the phone in their hand. */
  dialMobileClicks: z.boolean().default(false),
});
export type PhoneSettings = z.infer<typeof phoneSettingsSchema>;

export const defaultPhoneSettings: PhoneSettings = phoneSettingsSchema.parse({});
