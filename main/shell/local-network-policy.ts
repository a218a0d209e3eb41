import net from 'node:net';

/**
 * Chromium's Local Network Access: a page whose origin is not itself on the local network (our
 * app:// page is not) may open a WebSocket to a private or loopback address only with a permission.
 * Chromium 142-144 asked for one, `local-network-access`; from 145 it asks for `local-network`
 * (private addresses) or `loopback-network` (this machine). Electron 45 passes all three names to
 * the session's handlers. The page reaches one server itself, the PBX's SIP WebSocket (Bitrix24 and
 * the relay are reached by the main process, which Chromium does not gate), so the page gets the
 * permission the PBX's addresses need and nothing else.
 */
export const localNetworkPermissions = ['local-network', 'loopback-network', 'local-network-access'] as const;
export type LocalNetworkPermission = (typeof localNetworkPermissions)[number];

export type AddressSpace = 'loopback' | 'local' | 'public';

export function isLocalNetworkPermission(permission: string): permission is LocalNetworkPermission {
  return (localNetworkPermissions as readonly string[]).includes(permission);
}

/** The permissions a page needs to reach servers in these address spaces. */
export function permissionsForSpaces(spaces: Iterable<AddressSpace>): Set<LocalNetworkPermission> {
  const needed = new Set<LocalNetworkPermission>();
  for (const space of spaces) {
    if (space === 'public') continue;
    needed.add(space === 'loopback' ? 'loopback-network' : 'local-network');
    needed.add('local-network-access');
  }
  return needed;
}

/** Chromium's address space of an IP address (RFC 1918, link-local, unique local and loopback are not public). */
export function addressSpaceOf(address: string): AddressSpace {
  const ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return addressSpaceOf(mapped);
  if (net.isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254))
      return 'local';
    return 'public';
  }
  if (net.isIPv6(ip)) {
    const lower = ip.toLowerCase();
    if (lower === '::1') return 'loopback';
    if (/^f[cd]/.test(lower) || /^fe[89ab]/.test(lower)) return 'local';
    return 'public';
  }
  return 'public';
}

/**
 * The address space of a host name, when it is known without DNS: an IP literal, `localhost`
 * (and `*.localhost`), or a `.local` (mDNS) name. Null: the name must be resolved.
 */
export function addressSpaceOfName(host: string): AddressSpace | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (net.isIP(name.replace(/^\[|\]$/g, '')) !== 0) return addressSpaceOf(name);
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  if (name.endsWith('.local')) return 'local';
  return null;
}
