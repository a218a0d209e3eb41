import { awayStatus, awayTimemanStatuses, type AwayStatus } from '../../../common/bitrix/workday';
import type { CrmSearch } from './crm-search';
import type { UserDirectory } from './user-directory';

/** Who is responsible for a caller in the CRM, and the extension to transfer the call to. */
export interface Responsible {
  userId: number;
  extension: string;
  crmEntityType?: string;
  crmEntityId?: number;
  /** Set when the user is not at work by their workday (TIMEMAN_STATUS): nobody would answer there. */
  away?: { timemanStatus: AwayStatus };
}

/**
 * "Transfer to responsible" during a call: the caller's number -> the CRM entity (the shared
 * `searchCrmEntities`, asked afresh: the agent presses the button now, and the lead may have been
 * created or reassigned since the call rang) -> its responsible user -> that user's extension
 * (USER_PHONE_INNER in the answer, else UF_PHONE_INNER from `user.get`), and whether that user is
 * at work (their TIMEMAN_STATUS in the same answer), so the customer is not sent to an empty desk.
 */
export class ResponsibleLookup {
  constructor(
    private readonly crm: CrmSearch,
    private readonly users: UserDirectory,
  ) {}

  /** The responsible user with an extension, or null (unknown caller, nobody assigned, no extension). */
  async find(phone: string): Promise<Responsible | null> {
    const match = (await this.crm.find(phone, { fresh: true })).find(
      (row) => row.ASSIGNED_BY_ID !== undefined || row.ASSIGNED_BY?.ID !== undefined,
    );
    if (!match) return null;
    const userId = Number(match.ASSIGNED_BY_ID ?? match.ASSIGNED_BY?.ID);
    if (!Number.isInteger(userId) || userId <= 0) return null;
    const extension = match.ASSIGNED_BY?.USER_PHONE_INNER?.trim() || (await this.users.extensionOf(userId));
    if (!extension) return null;
    const away = awayStatus(match.ASSIGNED_BY?.TIMEMAN_STATUS, awayTimemanStatuses);
    return {
      userId,
      extension,
      ...(away ? { away: { timemanStatus: away } } : {}),
      ...(match.CRM_ENTITY_TYPE ? { crmEntityType: match.CRM_ENTITY_TYPE } : {}),
      ...(match.CRM_ENTITY_ID !== undefined ? { crmEntityId: Number(match.CRM_ENTITY_ID) } : {}),
    };
  }
}
