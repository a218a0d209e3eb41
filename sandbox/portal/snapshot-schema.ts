import { z } from 'zod';

/**
 * What a `--data` file must look like before the portal trusts it: every section optional (the seed
 * fills the rest), no unknown section (a typo would silently lose data), and the fields the portal
 * reads on every request present with the right types. Other fields of a record pass through as
 * written: the snapshot is the portal's own format, this only stops a hand-edited file from
 * crashing the emulator half-way through a test.
 */
const record = z.looseObject({});
const phone = z.looseObject({ VALUE: z.string() });

const user = z.looseObject({
  ID: z.number().int().positive(),
  ACTIVE: z.boolean(),
  IS_ADMIN: z.boolean(),
  NAME: z.string(),
  LAST_NAME: z.string(),
  UF_PHONE_INNER: z.string().nullable(),
});

const app = z.looseObject({
  ID: z.number().int().positive(),
  name: z.string(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scope: z.array(z.string()),
  applicationToken: z.string().min(1),
  installed: z.boolean(),
  defaultOutgoingLine: z.boolean(),
});

const crmEntity = z.looseObject({
  type: z.enum(['CONTACT', 'COMPANY', 'LEAD']),
  ID: z.number().int().positive(),
  PHONE: z.array(phone),
  ASSIGNED_BY_ID: z.number().int(),
});

export const snapshotSchema = z
  .strictObject({
    memberId: z.string().min(1),
    users: z.array(user),
    apps: z.array(app).min(1),
    accessTokens: z.array(record),
    refreshTokens: z.array(record),
    authCodes: z.array(record),
    webhooks: z.array(record),
    crm: z.array(crmEntity),
    activities: z.array(record),
    lines: z.array(record),
    handlers: z.array(record),
    calls: z.array(record),
    chatMessages: z.array(record),
    uploads: z.array(record),
    sequences: z.record(z.string(), z.number().int()),
  })
  .partial();

/** The first few problems of a rejected snapshot, one per line, with where they are. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    .join('\n');
}
