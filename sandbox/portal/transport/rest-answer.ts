/** What the emulator's REST transport sends back for one request: status, JSON body, headers. */
export interface RestAnswer {
  status: number;
  body: unknown;
  /** Extra headers (the Location of a redirect). */
  headers?: Record<string, string>;
  /** Sent as it is instead of `body` as JSON (an answer that is not JSON at all). */
  rawBody?: string;
}
