import type { HubCommand } from '../../common/relay/hub-protocol';
import type {
  AgentSession,
  CommandState,
  FinishStatus,
  Pairing,
  PendingCommand,
  Portal,
  UserGrant,
} from './stores';
import type { TokenSeal } from './token-seal';

/** The stores' rows as both SQL engines return them (same columns), and what they mean. */
export interface PortalRow {
  member_id: string;
  domain: string;
  client_endpoint: string;
  server_endpoint: string;
  application_token: string;
  access_token: string;
  refresh_token: string;
  access_expires_at: number;
  scope: string;
  installed_at: number;
}

export const toPortal = (row: PortalRow, seal: TokenSeal): Portal => ({
  memberId: row.member_id,
  domain: row.domain,
  clientEndpoint: row.client_endpoint,
  serverEndpoint: row.server_endpoint,
  applicationToken: seal.open(row.application_token),
  accessToken: seal.open(row.access_token),
  refreshToken: seal.open(row.refresh_token),
  accessExpiresAt: row.access_expires_at,
  scope: row.scope,
  installedAt: row.installed_at,
});

export interface SessionRow {
  id: string;
  token_hash: string;
  member_id: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  grant_json: string;
}

export const toSession = (row: SessionRow, seal: TokenSeal): AgentSession => ({
  id: row.id,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  grant: JSON.parse(seal.open(row.grant_json)) as UserGrant,
});

export interface PairingRow {
  id: string;
  poll_token_hash: string;
  state_hash: string;
  member_id: string;
  user_code: string;
  device_name: string | null;
  confirmed_at: number | null;
  created_at: number;
  expires_at: number;
  status: Pairing['status'];
  grant_json: string | null;
  failure: string | null;
}

export const toPairing = (row: PairingRow, seal: TokenSeal): Pairing => ({
  id: row.id,
  pollTokenHash: row.poll_token_hash,
  stateHash: row.state_hash,
  memberId: row.member_id,
  userCode: row.user_code,
  ...(row.device_name ? { deviceName: row.device_name } : {}),
  ...(row.confirmed_at !== null ? { confirmedAt: row.confirmed_at } : {}),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  status: row.status,
  ...(row.grant_json ? { grant: JSON.parse(seal.open(row.grant_json)) as UserGrant } : {}),
  ...(row.failure ? { failure: row.failure } : {}),
});

export interface CommandRow {
  id: string;
  member_id: string;
  user_id: number;
  command_json: string;
  created_at: number;
  expires_at: number;
  state: CommandState;
  settled_by: string | null;
  reason: string | null;
  status_code: FinishStatus | null;
}

export const toCommand = (row: CommandRow): PendingCommand => ({
  id: row.id,
  memberId: row.member_id,
  userId: row.user_id,
  command: JSON.parse(row.command_json) as HubCommand,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  state: row.state,
  ...(row.settled_by ? { settledBy: row.settled_by } : {}),
  ...(row.reason ? { reason: row.reason } : {}),
  ...(row.status_code ? { statusCode: row.status_code } : {}),
});

/** A new pairing's values, in the column order of `INSERT INTO pairings VALUES (...)` (NULL gaps excluded). */
export const pairingInsertValues = (pairing: Pairing) => [
  pairing.id,
  pairing.pollTokenHash,
  pairing.stateHash,
  pairing.memberId,
  pairing.userCode,
  pairing.deviceName ?? null,
  pairing.createdAt,
  pairing.expiresAt,
  pairing.status,
];

/** A command's values, in the column order of its INSERT (id ... status_code). */
export const commandInsertValues = (command: PendingCommand) => [
  command.id,
  command.memberId,
  command.userId,
  JSON.stringify(command.command),
  command.createdAt,
  command.expiresAt,
  command.state,
  command.reason ?? null,
  command.statusCode ?? null,
];
