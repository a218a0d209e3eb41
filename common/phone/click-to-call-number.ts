import { classifyNumber, type ClassifiedNumber, type NumberRules } from './phone-number';

/** What Bitrix24 sends with a click-to-call (ONEXTERNALCALLSTART): the number as the CRM has it,
 * and, when the portal could read it, its international form. */
export interface ClickedNumber {
  phoneNumber: string;
  phoneNumberInternational?: string | undefined;
}

/**
 * The number a click-to-call dials: the event's PHONE_NUMBER_INTERNATIONAL when it is one (the
 * portal read the CRM's number with its own country already), else PHONE_NUMBER read with the
 * portal's number rules. The relay refuses what this calls invalid, the app dials what it returns:
 * both read the click the same way.
 */
export function clickToCallNumber(clicked: ClickedNumber, rules: NumberRules): ClassifiedNumber {
  const international = clicked.phoneNumberInternational?.trim();
  if (international?.startsWith('+')) {
    const classified = classifyNumber(international, rules);
    if (classified.kind === 'external') return classified;
  }
  return classifyNumber(clicked.phoneNumber, rules);
}
