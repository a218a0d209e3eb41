import type { ExternalLineConfig } from './relay-config';

/**
 * The line an agent's calls are registered on (LINE_NUMBER) when the PBX names none and the agent
 * chose none: the first configured line that names the user, else the first that names nobody
 * (the company's line for everyone). The relay tells each agent's app in its welcome.
 */
export function defaultLineOf(lines: readonly ExternalLineConfig[], userId: number): string | undefined {
  const own = lines.find((line) => line.users.includes(userId));
  return (own ?? lines.find((line) => line.users.length === 0))?.number;
}
