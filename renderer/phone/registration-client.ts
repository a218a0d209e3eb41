import type { Core, UserAgent } from 'sip.js';

/**
 * REGISTER, sent by us over sip.js's core (the digest challenge is answered there). We do not use
 * sip.js's Registerer: it refreshes at 99 % of the expiry, stalls with "REGISTER request already
 * in progress" when a request was lost with its connection (sip.js #1071), and unregisters the
 * shared Contact when disposed - which would undo the registration of the connection that
 * replaced it. Here a request never answered is given up after `timeoutMs` (the caller ignores a
 * late answer to a request it gave up on), and the next one goes out regardless.
 */

export type RegisterOutcome =
  | { kind: 'registered'; expiresSeconds: number }
  | { kind: 'rejected'; sipCode: number; reasonPhrase: string }
  | { kind: 'timeout' };

export class RegistrationClient {
  readonly #userAgent: UserAgent;
  readonly #request: Core.OutgoingRequestMessage;

  constructor(userAgent: UserAgent) {
    this.#userAgent = userAgent;
    const registrar = userAgent.configuration.uri.clone();
    registrar.user = undefined;
    const aor = userAgent.configuration.uri;
    this.#request = userAgent.userAgentCore.makeOutgoingRequestMessage('REGISTER', registrar, aor, aor, {});
  }

  /** Sends a REGISTER for `expiresSeconds` (0 unregisters); resolves with the registrar's answer. */
  register(expiresSeconds: number, timeoutMs: number): Promise<RegisterOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: RegisterOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      try {
        this.#send(expiresSeconds, {
          onAccept: (response) => settle(this.#accepted(response, expiresSeconds)),
          onReject: (response) => {
            const { statusCode, reasonPhrase } = response.message;
            const minExpires = Number(response.message.getHeader('min-expires'));
            if (statusCode === 423 && Number.isFinite(minExpires) && minExpires > expiresSeconds) {
              // Interval too brief: ask again at once with the registrar's minimum.
              clearTimeout(timer);
              settled = true;
              void this.register(Math.min(minExpires, 86_400), timeoutMs).then(resolve);
              return;
            }
            settle({ kind: 'rejected', sipCode: statusCode ?? 0, reasonPhrase: reasonPhrase ?? '' });
          },
          onRedirect: (response) =>
            settle({
              kind: 'rejected',
              sipCode: response.message.statusCode ?? 300,
              reasonPhrase: response.message.reasonPhrase ?? 'Redirect',
            }),
        });
      } catch {
        // The transport refused the request outright (closed): the same as no answer.
        settle({ kind: 'timeout' });
      }
    });
  }

  #send(expiresSeconds: number, delegate: Core.OutgoingRequestDelegate): void {
    const request = this.#request;
    request.cseq += 1;
    request.setHeader('cseq', `${request.cseq} REGISTER`);
    request.extraHeaders = [
      `Contact: ${this.#userAgent.contact.toString({ register: true })};expires=${expiresSeconds}`,
      `Expires: ${expiresSeconds}`,
      `Allow: ${['ACK', 'CANCEL', 'INVITE', 'BYE', 'OPTIONS', 'INFO', 'NOTIFY', 'REFER'].join(',')}`,
    ];
    this.#userAgent.userAgentCore.register(request, delegate);
  }

  /** The expiry the registrar granted our contact (its `expires` param, else Expires, else ours). */
  #accepted(response: Core.IncomingResponse, requested: number): RegisterOutcome {
    const ours = this.#userAgent.contact.uri.user;
    const contacts = response.message.getHeaders('contact');
    for (let index = 0; index < contacts.length; index += 1) {
      const contact = response.message.parseHeader('contact', index) as
        { uri?: { user?: string }; getParam?: (name: string) => string | undefined } | undefined;
      if (!contact || contact.uri?.user !== ours) continue;
      const expires = Number(contact.getParam?.('expires'));
      if (Number.isFinite(expires) && expires >= 0) return { kind: 'registered', expiresSeconds: expires };
    }
    const header = Number(response.message.getHeader('expires'));
    return { kind: 'registered', expiresSeconds: Number.isFinite(header) && header > 0 ? header : requested };
  }
}
