import type { App, CrmEntity, PhoneEntry, User } from './model';
import type { PortalData } from './portal-data';

/**
 * The demo portal: an administrator, three agents with extensions 101-103, an inactive former
 * agent, enough other employees that `user.get` needs a second page (and one more agent with an
 * extension on it), and CRM records whose phone numbers are written in the mixed formats real
 * portals hold (+7 with punctuation, 8 trunk prefix, bare 10 digits, a US number, an internal one).
 */
export const seedIds = {
  memberId: '5a1db0c5e7d24b3c9f0e6a7b8c9d0e1f',
  clientId: 'local.66b1c0ffee0001.12345678',
  clientSecret: 'SbxSecretK3yForTheSandboxPortalApp0000000000000001',
  applicationToken: 'b24sbx0app0token0000000000000001',
  adminUserId: 1,
  agents: [
    { userId: 2, extension: '101' },
    { userId: 3, extension: '102' },
    { userId: 4, extension: '103' },
  ],
  inactiveUserId: 5,
  secondPageAgent: { userId: 58, extension: '110' },
} as const;

function user(
  ID: number,
  NAME: string,
  LAST_NAME: string,
  extra: Partial<Omit<User, 'ID' | 'NAME' | 'LAST_NAME'>> = {},
): User {
  return {
    ID,
    ACTIVE: true,
    IS_ADMIN: false,
    NAME,
    LAST_NAME,
    EMAIL: `${NAME.toLowerCase()}.${LAST_NAME.toLowerCase()}@sandbox.example`,
    WORK_POSITION: '',
    UF_PHONE_INNER: null,
    WORK_PHONE: null,
    PERSONAL_PHONE: null,
    PERSONAL_MOBILE: null,
    TIMEMAN_STATUS: 'OPENED',
    UF_DEPARTMENT: [1],
    ...extra,
  };
}

function phones(...values: [PhoneEntry['VALUE_TYPE'], string][]): PhoneEntry[] {
  return values.map(([VALUE_TYPE, VALUE], index) => ({
    ID: String(index + 1),
    VALUE_TYPE,
    VALUE,
    TYPE_ID: 'PHONE',
  }));
}

function crm(
  entity: Partial<CrmEntity> & Pick<CrmEntity, 'type' | 'ID' | 'PHONE' | 'ASSIGNED_BY_ID'>,
): CrmEntity {
  return {
    NAME: '',
    LAST_NAME: '',
    TITLE: '',
    COMPANY_ID: null,
    SOURCE_ID: 'CALL',
    STATUS_ID: entity.type === 'LEAD' ? 'NEW' : '',
    DATE_CREATE: Date.UTC(2026, 0, 15, 9, 0, 0),
    createdByCall: null,
    ...entity,
  };
}

export function seedUsers(): User[] {
  const users: User[] = [
    user(1, 'Anna', 'Admin', { IS_ADMIN: true, WORK_POSITION: 'Portal administrator' }),
    user(2, 'Boris', 'Petrov', {
      UF_PHONE_INNER: '101',
      WORK_POSITION: 'Sales agent',
      PERSONAL_MOBILE: '+79160000101',
    }),
    user(3, 'Carla', 'Mendes', {
      UF_PHONE_INNER: '102',
      WORK_POSITION: 'Sales agent',
      WORK_PHONE: '+74950000102',
    }),
    user(4, 'Dmitry', 'Ivanov', {
      UF_PHONE_INNER: '103',
      WORK_POSITION: 'Support agent',
      TIMEMAN_STATUS: 'PAUSED',
    }),
    user(5, 'Eva', 'Former', { ACTIVE: false, UF_PHONE_INNER: '104', WORK_POSITION: 'Left the company' }),
  ];
  for (let id = 6; id <= 57; id += 1) {
    users.push(
      user(id, 'Staff', `Member${String(id).padStart(2, '0')}`, {
        WORK_POSITION: 'Back office',
        TIMEMAN_STATUS: 'CLOSED',
      }),
    );
  }
  users.push(user(58, 'Nina', 'Nightshift', { UF_PHONE_INNER: '110', WORK_POSITION: 'Night support agent' }));
  return users;
}

export function seedApp(): App {
  return {
    ID: 3,
    name: 'b24phone',
    clientId: seedIds.clientId,
    clientSecret: seedIds.clientSecret,
    scope: ['telephony', 'crm', 'user'],
    status: 'L',
    version: '1',
    applicationToken: seedIds.applicationToken,
    installed: true,
    installUrl: null,
    redirectUri: null,
    defaultOutgoingLine: true,
  };
}

export function seedCrm(): CrmEntity[] {
  return [
    crm({
      type: 'CONTACT',
      ID: 1,
      NAME: 'Ivan',
      LAST_NAME: 'Sidorov',
      PHONE: phones(['WORK', '+7 (916) 123-45-67']),
      ASSIGNED_BY_ID: 2,
      COMPANY_ID: 1,
    }),
    crm({
      type: 'CONTACT',
      ID: 2,
      NAME: 'Olga',
      LAST_NAME: 'Smirnova',
      PHONE: phones(['MOBILE', '8 916 765 43 21']),
      ASSIGNED_BY_ID: 3,
    }),
    crm({
      type: 'CONTACT',
      ID: 3,
      NAME: 'Pavel',
      LAST_NAME: 'Kuznetsov',
      PHONE: phones(['MOBILE', '9031112233']),
      ASSIGNED_BY_ID: 4,
    }),
    crm({
      type: 'CONTACT',
      ID: 4,
      NAME: 'John',
      LAST_NAME: 'Doe',
      PHONE: phones(['WORK', '+1 906 219 5047']),
      ASSIGNED_BY_ID: 2,
    }),
    crm({
      type: 'CONTACT',
      ID: 5,
      NAME: 'Maria',
      LAST_NAME: 'Volkova',
      PHONE: phones(['WORK', '+7-495-000-11-22'], ['MOBILE', '84950001123']),
      ASSIGNED_BY_ID: 3,
    }),
    // A client of a German portal, stored in international form; the PBX presents them nationally.
    crm({
      type: 'CONTACT',
      ID: 6,
      NAME: 'Klaus',
      LAST_NAME: 'Becker',
      PHONE: phones(['WORK', '+49 30 55501234']),
      ASSIGNED_BY_ID: 3,
    }),
    crm({
      type: 'COMPANY',
      ID: 1,
      TITLE: 'Romashka LLC',
      PHONE: phones(['WORK', '+7 916 123 4567'], ['OTHER', '(495) 777-00-00']),
      ASSIGNED_BY_ID: 3,
    }),
    crm({
      type: 'LEAD',
      ID: 1,
      TITLE: 'Website visitor',
      NAME: 'Sergey',
      PHONE: phones(['MOBILE', '+79265550011']),
      ASSIGNED_BY_ID: 4,
    }),
  ];
}

/** A fresh portal: seeded users, CRM and the installed application; no calls, tokens or handlers. */
export function seedData(): PortalData {
  return {
    memberId: seedIds.memberId,
    users: seedUsers(),
    apps: [seedApp()],
    accessTokens: [],
    refreshTokens: [],
    authCodes: [],
    webhooks: [],
    crm: seedCrm(),
    activities: [],
    lines: [],
    handlers: [],
    calls: [],
    chatMessages: [],
    uploads: [],
    sequences: {
      CONTACT: 7,
      COMPANY: 2,
      LEAD: 2,
      activity: 7940,
      statistics: 1,
      file: 9000,
      line: 1,
      handler: 1050,
      transcript: 1,
      app: 4,
    },
  };
}
