import { z } from 'zod';

/**
 * A user's workday as Bitrix24's time tracking reports it (`TIMEMAN_STATUS` of searchCrmEntities'
 * `ASSIGNED_BY`, docs/bitrix24-contract.md#rules-we-rely-on): OPENED at work, PAUSED on a break,
 * CLOSED day ended, EXPIRED day left open since yesterday; UNAVAILABLE and NOT_INSTALLED say
 * nothing about presence (time tracking is off).
 */
export const timemanStatusSchema = z.enum([
  'OPENED',
  'CLOSED',
  'PAUSED',
  'EXPIRED',
  'UNAVAILABLE',
  'NOT_INSTALLED',
]);
export type TimemanStatus = z.infer<typeof timemanStatusSchema>;

/** The statuses that mean "not at work": a customer's call for that user goes elsewhere. */
export const awayStatusSchema = timemanStatusSchema.extract(['CLOSED', 'PAUSED', 'EXPIRED']);
export type AwayStatus = z.infer<typeof awayStatusSchema>;
export const awayTimemanStatuses: readonly AwayStatus[] = awayStatusSchema.options;

/** The status of `away` the user is in, or null (at work, or time tracking says nothing). */
export function awayStatus<Away extends TimemanStatus>(
  status: string | null | undefined,
  away: readonly Away[],
): Away | null {
  return away.find((candidate) => candidate === status) ?? null;
}
