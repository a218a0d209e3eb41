import { app } from 'electron';

export interface SingleInstance {
  /** Receives the arguments of every later launch; launches before a receiver exists are kept for it. */
  onSecondLaunch(receiver: (argv: readonly string[]) => void): void;
}

/**
 * One running b24phone per agent session: two would register the same SIP account twice and
 * journal the same calls twice. A second launch (the agent starting it again, or the OS opening a
 * tel: link) hands its arguments to the first and exits. Returns null in that second launch.
 */
export function setupSingleInstance(): SingleInstance | null {
  if (!app.requestSingleInstanceLock()) return null;
  const early: (readonly string[])[] = [];
  let receiver: ((argv: readonly string[]) => void) | null = null;
  app.on('second-instance', (_event, argv) => {
    if (receiver) receiver(argv);
    else early.push(argv);
  });
  return {
    onSecondLaunch(next) {
      receiver = next;
      for (const argv of early.splice(0)) next(argv);
    },
  };
}
