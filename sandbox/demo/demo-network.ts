import { execFileSync } from 'node:child_process';

/**
 * The demo's private network: a named network namespace for the PBX, joined to this machine by a
 * veth pair we create, with addresses from the benchmarking range 198.18.0.0/15. A browser on this
 * machine reaches Kamailio and rtpengine at `pbxAddress` over that pair (WebRTC needs a
 * non-loopback address); nothing is routed anywhere else - the namespace has no default route.
 * The pair's subnet is 198.19.0.0/30, apart from the test namespace's 198.18.0.1 (in-netns.ts):
 * a demo started inside it must not hold an address twice, or removing the pair takes the
 * address's local route with it and the rig that listens there goes deaf.
 */
export interface DemoNetwork {
  namespace: string;
  /** This machine's end of the pair. */
  hostAddress: string;
  /** The PBX's end, inside the namespace. */
  pbxAddress: string;
  /** Removes the namespace and with it the pair. Safe to call twice. */
  remove(): void;
}

export function createDemoNetwork(id = process.pid): DemoNetwork {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The demo creates a network namespace and a veth pair: run it as root (sudo npm run demo).',
    );
  }
  const namespace = `b24phone-demo-${id}`;
  const hostSide = `b24d${id % 100_000}h`;
  const pbxSide = `b24d${id % 100_000}p`;
  const hostAddress = '198.19.0.1';
  const pbxAddress = '198.19.0.2';
  const ip = (...args: string[]) =>
    execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  removeStaleNamespaces(ip);
  ip('netns', 'add', namespace);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    // The kernel tears a deleted namespace (and the pair's end in it) down in the background;
    // deleting our end first removes the pair at once, so nothing of it outlives the demo.
    for (const args of [
      ['link', 'del', hostSide],
      ['netns', 'del', namespace],
    ]) {
      try {
        ip(...args);
      } catch {
        // Already gone.
      }
    }
  };
  try {
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', pbxSide, 'netns', namespace);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('-n', namespace, 'link', 'set', 'lo', 'up');
    ip('-n', namespace, 'addr', 'add', `${pbxAddress}/30`, 'dev', pbxSide);
    ip('-n', namespace, 'link', 'set', pbxSide, 'up');
  } catch (error) {
    remove();
    throw error;
  }
  return { namespace, hostAddress, pbxAddress, remove };
}

/** A demo killed without its teardown leaves its namespace (and its veth pair) behind. */
function removeStaleNamespaces(ip: (...args: string[]) => string): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const owner = /^b24phone-demo-(\d+)\b/.exec(line)?.[1];
    if (owner && !isRunning(Number(owner))) ip('netns', 'del', `b24phone-demo-${owner}`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
