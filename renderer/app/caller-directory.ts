import type { HostApi } from '../../common/host-api/host-api';

/**
 * Who is calling, as the CRM knows it. The controller asks for every incoming call and shows the
 * name when it comes; the phone itself never waits for it.
 */
export interface CallerDirectory {
  /** The CRM's name for `number`, or null when it has none (or cannot tell now). */
  nameFor(number: string): Promise<string | null>;
}

/** The host's lookup (telephony.externalCall.searchCrmEntities with the agent's token, cached there). */
export function hostCallerDirectory(host: HostApi): CallerDirectory {
  return { nameFor: (number) => host.calls['caller-name'](number) };
}
