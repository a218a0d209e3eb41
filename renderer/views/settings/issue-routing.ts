import type { core } from 'zod';

/**
 * Which of the schema's refusals belongs to the field bound to `path`: the first whose path is the
 * field's, or lies inside it (a list edited as one field, e.g. `phone.network.iceServers.0.urls`).
 * The whole path counts, so two fields whose names end alike in different sections never share one.
 */
export function issueAt(issues: readonly core.$ZodIssue[], path: string): core.$ZodIssue | undefined {
  const keys = path.split('.');
  return issues.find(
    (issue) =>
      issue.path.length >= keys.length && keys.every((key, index) => String(issue.path[index]) === key),
  );
}
