import type {
  AccessToken,
  App,
  AuthCode,
  Call,
  ChatMessage,
  CrmActivity,
  CrmEntity,
  EventHandler,
  ExternalLine,
  PendingUpload,
  RefreshToken,
  User,
  Webhook,
} from './model';

/** Everything a `--data` snapshot holds: the portal's persistent state (logs are not persisted). */
export interface PortalData {
  memberId: string;
  users: User[];
  apps: App[];
  accessTokens: AccessToken[];
  refreshTokens: RefreshToken[];
  authCodes: AuthCode[];
  webhooks: Webhook[];
  crm: CrmEntity[];
  activities: CrmActivity[];
  lines: ExternalLine[];
  handlers: EventHandler[];
  calls: Call[];
  chatMessages: ChatMessage[];
  uploads: PendingUpload[];
  /** Next identifier per sequence (statistics, activities, files, crm, handlers, ...). */
  sequences: Record<string, number>;
}
