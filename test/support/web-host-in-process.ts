import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createHostServices, type HostServices } from '../../main/services/host-services';
import { startWebHost, type WebHost } from '../../main/web-host/web-host';

export interface WebHostInProcess {
  services: HostServices;
  host: WebHost;
  /** Closes the host and its services and removes the folder. */
  close(): Promise<void>;
}

/**
 * The web host and its services in this process, on a fresh profile in a temporary folder, serving
 * a one-line page instead of the built renderer: for tests of the host and of what drives it
 * through its bridge.
 */
export async function startWebHostInProcess(): Promise<WebHostInProcess> {
  const directory = mkdtempSync(path.join(tmpdir(), 'b24phone-web-host-'));
  const rendererDir = path.join(directory, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>b24phone</title>');
  const log = pino({ level: 'silent' });
  const services = createHostServices({ profileDir: path.join(directory, 'profile'), log });
  const host = await startWebHost({ services, rendererDir, log });
  return {
    services,
    host,
    close: async () => {
      await host.close();
      await services.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
