/**
 * What the page hears about changed calls and the host's status, sent after the current turn of
 * the event loop: the Bitrix24 request a SIP fact caused leaves first (building a call's summary
 * reads the journal and writes to the bridge, which would otherwise delay the register of a
 * ringing call by milliseconds), and a burst of changes to one call goes out once, built from the
 * journal as it stands when it is sent.
 */
export class ChangeFeed {
  readonly #calls = new Set<string>();
  #status = false;
  #flush: NodeJS.Immediate | null = null;

  constructor(
    private readonly sendCall: (callKey: string) => void,
    private readonly sendStatus: () => void,
  ) {}

  call(callKey: string): void {
    this.#calls.add(callKey);
    this.#schedule();
  }

  status(): void {
    this.#status = true;
    this.#schedule();
  }

  /** Sends what is waiting now (before the journal closes). */
  flush(): void {
    if (this.#flush) clearImmediate(this.#flush);
    this.#flush = null;
    const calls = [...this.#calls];
    this.#calls.clear();
    for (const callKey of calls) this.sendCall(callKey);
    if (this.#status) {
      this.#status = false;
      this.sendStatus();
    }
  }

  #schedule(): void {
    this.#flush ??= setImmediate(() => this.flush());
  }
}
