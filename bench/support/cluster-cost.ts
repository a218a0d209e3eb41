import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClusterRig } from '../../test/relay/support/cluster-rig';
import { cpuMs } from './process-usage';

/**
 * What a stretch of events costs the cluster, counted rather than timed (it does not depend on how
 * busy the machine is the way latency does): PostgreSQL's statements, from its log with
 * `log_statement = all` switched on for the stretch only, and the relays' CPU time (user + system)
 * from /proc. `start` before the events, `stop(events)` once they are all handled.
 */
export async function countClusterCost(rig: ClusterRig): Promise<{ stop(events: number): Promise<string> }> {
  const pids = rig.cluster.relays.map((relay) => relay.service?.process.pid ?? 0);
  await rig.query(`ALTER SYSTEM SET log_statement = 'all'`);
  await rig.query('SELECT pg_reload_conf()');
  // Each of the server's processes reads the new setting when it next goes idle: mark after that.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rig.query(`SELECT 'cluster-cost-start'`);
  const cpuBefore = pids.map(cpuMs);
  return {
    async stop(events) {
      const cpu = pids.map((pid, index) => cpuMs(pid) - (cpuBefore[index] ?? 0));
      await rig.query(`SELECT 'cluster-cost-end'`);
      await rig.query('ALTER SYSTEM RESET log_statement');
      await rig.query('SELECT pg_reload_conf()');
      const log = readFileSync(path.join(rig.cluster.postgres.dir, 'postgres.log'), 'utf8');
      // From the start mark's line to the line before the end mark's.
      const end = log.lastIndexOf('\n', log.lastIndexOf(`'cluster-cost-end'`));
      const stretch = log.slice(log.lastIndexOf(`'cluster-cost-start'`), end);
      const counts = new Map<string, number>();
      for (const [, text = ''] of stretch.matchAll(
        /LOG: {2}(?:statement|execute [^:]*): ([^\n]*(?:\n\t[^\n]*)*)/g,
      )) {
        const statement = text.replace(/\s+/g, ' ').slice(0, 90);
        counts.set(statement, (counts.get(statement) ?? 0) + 1);
      }
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      const cpuTotal = cpu.reduce((sum, ms) => sum + ms, 0);
      return [
        `per event: ${(total / events).toFixed(2)} PostgreSQL statements; relay CPU ${(cpuTotal / events).toFixed(2)} ms (${cpu.join(' + ')} ms for ${events} events)`,
        ...[...counts]
          .sort((a, b) => b[1] - a[1])
          .map(([statement, count]) => `  ${(count / events).toFixed(2)}  ${statement}`),
      ].join('\n');
    },
  };
}
