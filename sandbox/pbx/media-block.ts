import { spawnSync } from 'node:child_process';
import { requireNetworkNamespace } from './network-namespace';
import type { PbxRigEndpoints } from './rig';

/**
 * Drops every UDP packet sent to rtpengine's media ports, inside the rig's private network
 * namespace (iptables there touches nothing outside it): a call's signalling goes on while its
 * media cannot start - ICE and DTLS wait, as they do when the transport comes up a moment after the
 * 200 OK on a loaded machine. `unblock()` lets the media through again; calling it twice is harmless.
 */
export interface MediaBlock {
  unblock(): void;
}

export function blockMedia(rig: Pick<PbxRigEndpoints, 'media'>): MediaBlock {
  requireNetworkNamespace('Blocking the rig’s media');
  const { address, portMin, portMax } = rig.media;
  const rule = ['OUTPUT', '-p', 'udp', '-d', address, '--dport', `${portMin}:${portMax}`, '-j', 'DROP'];
  iptables(['-I', ...rule]);
  let blocked = true;
  return {
    unblock() {
      if (!blocked) return;
      blocked = false;
      iptables(['-D', ...rule]);
    },
  };
}

function iptables(args: string[]): void {
  const run = spawnSync('iptables', args, { encoding: 'utf8' });
  if (run.error) throw new Error(`iptables could not run (is it installed?): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`iptables ${args.join(' ')} failed: ${run.stderr.trim()}`);
}
