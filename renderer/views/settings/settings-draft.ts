import {
  sipAccountSchema,
  type BitrixConnection,
  type SipAccount,
  type Settings,
} from '../../../common/settings/settings';

/** A number as a field holds it: the number, or the text typed when it reads as none (refused on save). */
type Typed<T> = T extends number
  ? number | string
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: Typed<T[K]> }
      : T;

/**
 * What the settings form edits: the settings themselves, nested as the schema has them (each field
 * is bound to its path), except that an account and a portal are always there to type into - empty
 * when not set up - and a number field may hold text the schema will refuse.
 */
export type SettingsDraft = Typed<
  Omit<Settings, 'sip' | 'bitrix'> & { sip: SipAccount; bitrix: BitrixConnection }
>;

/** An account not set up: every field of the schema empty (they are all texts). */
const blankAccount = Object.fromEntries(
  Object.keys(sipAccountSchema.shape).map((key) => [key, '']),
) as SipAccount;

export function draftOf(settings: Settings): SettingsDraft {
  return {
    ...settings,
    sip: settings.sip ?? blankAccount,
    bitrix: settings.bitrix ?? { portalUrl: '' },
  };
}

/** The draft as settings for the schema: an empty SIP or portal section means "not set up", not an error. */
export function candidateOf(draft: SettingsDraft): unknown {
  const { wsUrl, domain, extension, password } = draft.sip;
  const sipEmpty = !wsUrl && !domain && !extension && !password;
  return {
    ...draft,
    sip: sipEmpty ? null : draft.sip,
    bitrix: draft.bitrix.portalUrl ? draft.bitrix : null,
  };
}
