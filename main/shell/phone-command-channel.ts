import type { PhoneCommand } from '../../common/phone/phone-command';

/**
 * Carries phone commands to the renderer. A command that arrives before the page can act on it
 * (a tel: link that launched the app, a notification clicked while the page reloads) waits here
 * until the page's phone reports its first state, and is then delivered once, in order.
 */
export class PhoneCommandChannel {
  readonly #deliver: (command: PhoneCommand) => void;
  readonly #waiting: PhoneCommand[] = [];
  #pageReady = false;

  constructor(deliver: (command: PhoneCommand) => void) {
    this.#deliver = deliver;
  }

  send(command: PhoneCommand): void {
    if (this.#pageReady) this.#deliver(command);
    else this.#waiting.push(command);
  }

  /** The page's phone reported state: it listens for commands now. */
  pageReady(): void {
    this.#pageReady = true;
    for (const command of this.#waiting.splice(0)) this.#deliver(command);
  }

  /** The page is (re)loading: hold commands until its phone is up again. */
  pageUnloaded(): void {
    this.#pageReady = false;
  }
}
