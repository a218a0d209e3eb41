import { requireNetworkNamespace } from '../../../sandbox/pbx/network-namespace';
import { startPbxForE2e } from './pbx';
import { startPortalForE2e } from './portal';

type Teardown = () => Promise<void>;

/**
 * Starts what every spec shares, in order, and returns the global teardown (Playwright runs it
 * after the last spec, also when specs failed). Each service is one `start...` function returning
 * its own teardown; to add one (portal emulator, web host), push its start below. If a start fails,
 * the services already running are stopped before the error is reported.
 */
export default async function globalSetup(): Promise<Teardown> {
  requireNetworkNamespace('The end-to-end suite');
  const teardowns: Teardown[] = [];
  try {
    teardowns.push(await startPbxForE2e());
    teardowns.push(await startPortalForE2e());
  } catch (error) {
    await stopAll(teardowns);
    throw error;
  }
  return () => stopAll(teardowns);
}

/** Last started, first stopped; one failing teardown does not keep the others from running. */
async function stopAll(teardowns: Teardown[]): Promise<void> {
  const failures: unknown[] = [];
  for (const teardown of teardowns.reverse()) {
    try {
      await teardown();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'global teardown failed');
}
