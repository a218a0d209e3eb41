/**
 * The PBX rig's private network namespace (docs/ARCHITECTURE.md#rig-pitfalls, 7): Chromium gathers
 * no WebRTC candidates on loopback and none without a default route, so the rig, sipp, our servers
 * and the browser run in a namespace of their own with `lo` up and a veth pair whose both ends stay
 * inside it, carrying a default route. Nothing can leave it; nothing outside can reach in.
 */

/** Set to "1" by sandbox/pbx/in-netns.ts for everything it runs. */
export const NETNS_ENV = 'B24PHONE_NETNS';

/** The veth end that carries the default route; Chromium's host candidates use this address. */
export const VETH_ADDRESS = '198.18.0.1';

export function isInsideNetworkNamespace(): boolean {
  return process.env[NETNS_ENV] === '1';
}

/** Throws a clear error unless we run inside the namespace; `what` names the caller. */
export function requireNetworkNamespace(what: string): void {
  if (isInsideNetworkNamespace()) return;
  throw new Error(
    `${what} must run inside the PBX rig's private network namespace (${NETNS_ENV}=1 is not set). ` +
      'Run it through `tsx sandbox/pbx/in-netns.ts -- <command>`; `npm run test:unit` and ' +
      '`npm run test:e2e` do that for you.',
  );
}

/**
 * Shell commands that configure a fresh namespace: loopback up, veth pair v0/v1 with
 * 198.18.0.1/24 (benchmarking range, never routed anywhere) on v0, default route over v0.
 */
export const NAMESPACE_SETUP_SCRIPT = [
  'set -e',
  'ip link set lo up',
  'ip link add v0 type veth peer name v1',
  `ip addr add ${VETH_ADDRESS}/24 dev v0`,
  'ip link set v0 up',
  'ip link set v1 up',
  'ip route add default dev v0',
].join('\n');
