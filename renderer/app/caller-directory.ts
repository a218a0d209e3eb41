/**
 * Who is calling, as the CRM knows it: the seam for the host's lookup
 * (telephony.externalCall.searchCrmEntities, cached), which the host does not offer yet. The
 * controller asks it for every incoming call and shows the name when it comes; the phone itself
 * never waits for it.
 */
export interface CallerDirectory {
  /** The CRM's name for `number`, or null when it has none (or cannot tell now). */
  nameFor(number: string): Promise<string | null>;
}

/** Until the host offers a lookup: nobody is known. */
export const noCallerDirectory: CallerDirectory = {
  nameFor: () => Promise.resolve(null),
};
