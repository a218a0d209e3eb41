import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../../sandbox/pbx/managed-process';
import { startNodeService, type NodeService } from '../../sandbox/services/node-service';
import { inCallView, sipStatus } from './support/phone-ui';
import { descendantsOf } from './support/process-tree';

/**
 * The README's demo (`bash .ci/setup && . .ci/node-env.sh && npm run demo`), smoke-tested: the script `npm run demo`
 * runs, started as its own process on free ports (here nested in the suite's network namespace:
 * it makes its own namespace and veth pair from there), shows the whole product - the three agents
 * registered with the demo's PBX and signed in to Bitrix24 through the demo's relay, a number
 * clicked in the portal's CRM dialled by that user's app - and stops, by its PID, leaving no
 * process, namespace or interface behind.
 */

const repositoryRoot = path.resolve(import.meta.dirname, '../..');

/** The file `npm run demo` runs after building the renderer (which the suite has built already). */
function demoScript(): string {
  const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
  expect(readme).toContain('bash .ci/setup && . .ci/node-env.sh && npm run demo');
  const scripts = (
    JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const script = /^npm run build:web && tsx (\S+)$/.exec(scripts.demo ?? '')?.[1];
  expect(script, `package.json's demo script: ${scripts.demo}`).toBeDefined();
  return script ?? '';
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });

test('npm run demo shows portal, relay, PBX and agents working together, and stops clean', async ({
  browser,
}, testInfo) => {
  let demo: NodeService | undefined = await startNodeService({
    name: 'demo',
    script: demoScript(),
    args: [
      ...['--port', '0', '--portal-port', '0', '--relay-port', '0', '--agent-port', '0'],
      ...['--run-dir', testInfo.outputPath('demo')],
    ],
    readyLine: /demo console\s+(http:\/\/[\d.:]+)/,
    logFile: testInfo.outputPath('demo.out'),
    startTimeoutMs: 45_000,
  });
  const namespace = `b24phone-demo-${demo.process.pid}`;
  const hostInterface = `b24d${demo.process.pid % 100_000}h`;
  const context = await browser.newContext();
  try {
    expect(ip('netns', 'list')).toContain(namespace);
    expect(ip('link', 'show')).toContain(hostInterface);

    const consolePage = await context.newPage();
    await consolePage.goto(demo.url);
    await expect(consolePage.getByRole('heading', { name: 'b24phone demo' })).toBeVisible();

    // Each agent, opened from the console as a person would: registered, signed in to the relay.
    const agentLinks = consolePage.getByRole('link', { name: /^10[123] - / });
    await expect(agentLinks).toHaveCount(3);
    const agents = new Map<string, Page>();
    for (const link of await agentLinks.all()) {
      const extension = (await link.textContent())?.slice(0, 3) ?? '';
      const opened = context.waitForEvent('page');
      await link.click();
      const agent = await opened;
      await expect(sipStatus(agent)).toContainText('registered', { timeout: 15_000 });
      await expect(agent.getByRole('status', { name: 'Relay status' })).toContainText(
        /connected \(user \d+\)/,
      );
      agents.set(extension, agent);
    }
    const agent101 = agents.get('101');
    if (!agent101) throw new Error('the console has no link to agent 101');

    // A number clicked in the portal's CRM as user 101: agent 101's app dials it.
    const crmOpened = context.waitForEvent('page');
    await consolePage.getByRole('link', { name: "the portal's CRM" }).click();
    const crm = await crmOpened;
    await crm
      .getByRole('row', { name: /Ivan Sidorov/ })
      .getByRole('button', { name: /\(101\)/ })
      .click();
    await expect(crm.locator('#result')).toContainText('Registered externalCall.');
    const call = inCallView(agent101);
    await expect(call.getByLabel('Caller number')).toHaveText('+79161234567');
    await expect(call.getByRole('note', { name: 'Click-to-call from Bitrix24' })).toBeVisible();
    await agent101.screenshot({ path: testInfo.outputPath('agent-101-dialling.png') });
    await context.close();

    // Stopped by its PID: everything it started goes with it, and so does its network.
    const started = descendantsOf(demo.process.pid);
    expect(started.map((process) => process.command)).toEqual(
      expect.arrayContaining(['kamailio', 'rtpengine', 'sipp']),
    );
    const exit = await demo.process.stop(30_000);
    demo = undefined;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(started.filter((process) => isAlive(process.pid))).toEqual([]);
    expect(ip('netns', 'list')).not.toContain(namespace);
    expect(ip('link', 'show')).not.toContain(hostInterface);
  } finally {
    await context.close();
    await demo?.process.stop(30_000);
  }
});
