import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { hubInstanceHeader, hubPath, hubServerMessageSchema } from '../../common/relay/hub-protocol';
import { acceptFrame } from './accept-frame';

/** The portal a benchmark's events come from, as Bitrix24 signs them. */
export interface EventSigner {
  memberId: string;
  applicationToken: string;
  domain?: string;
}

/**
 * Click-to-call events thrown at a relay (or at the balancer in front of several), and the agent
 * apps that receive them: probe apps in this process, whose commands are timed, and many more held
 * by holder processes of their own (bench/support/relay-agents-holder.ts, one per relay address so
 * that neither this process's nor one holder's event loop and file descriptors limit the others).
 * Every app accepts every click-to-call it gets, as the real app does.
 */
export class DispatchLoad {
  readonly #pendingEvents = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly #agents: WebSocket[] = [];
  readonly #holders = new Map<string, ChildProcess>();
  #callCounter = 0;

  constructor(
    /** Where the events are POSTed, and by default the apps' relay. */
    readonly url: string,
    private readonly signer: EventSigner,
  ) {}

  /** Connects one probe app to the relay at `hubUrl`; the latency is taken when a command reaches it. */
  connect(session: string, hubUrl = this.url): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(hubUrl.replace(/^http/, 'ws') + hubPath, {
        headers: {
          authorization: `Bearer ${session}`,
          [hubInstanceHeader]: `bench-${this.#agents.length}-app`,
        },
      });
      let nextId = 1;
      socket.on('message', (data: Buffer) => {
        const message = hubServerMessageSchema.parse(JSON.parse(data.toString('utf8')));
        if (message.t === 'welcome') resolve();
        if (message.t !== 'command' || message.command.kind !== 'click-to-call') return;
        const sentAt = this.#pendingEvents.get(message.command.callId);
        if (sentAt !== undefined) {
          this.latencies.push(performance.now() - sentAt);
          this.#pendingEvents.delete(message.command.callId);
        }
        socket.send(acceptFrame(nextId++, message.command.id));
      });
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`hub: ${response.statusCode}`)),
      );
      socket.once('error', reject);
      this.#agents.push(socket);
    });
  }

  /** ONEXTERNALCALLSTART for `userId`, form-encoded as Bitrix24 sends it; latency is taken when its command arrives. */
  async click(userId: number, measured = true): Promise<void> {
    const callId = `externalCall.bench${(this.#callCounter += 1)}.${Date.now()}`;
    const body = new URLSearchParams({
      event: 'ONEXTERNALCALLSTART',
      event_handler_id: '1',
      'data[CALL_ID]': callId,
      'data[USER_ID]': String(userId),
      'data[PHONE_NUMBER]': '+79161234567',
      'data[LINE_NUMBER]': '74950001122',
      'data[CRM_ENTITY_TYPE]': 'CONTACT',
      'data[CRM_ENTITY_ID]': '1',
      ts: String(Math.floor(Date.now() / 1000)),
      'auth[member_id]': this.signer.memberId,
      'auth[application_token]': this.signer.applicationToken,
      ...(this.signer.domain ? { 'auth[domain]': this.signer.domain } : {}),
    }).toString();
    if (measured) this.#pendingEvents.set(callId, performance.now());
    const response = await fetch(`${this.url}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (response.status !== 200)
      throw new Error(`event refused: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }

  /**
   * Sends `count` events at `perSecond`, open loop (not waiting for answers), to users picked by
   * `user`; `measured(index)` false sends one whose command nobody here times (a held app's).
   */
  async drive(
    count: number,
    perSecond: number,
    user: (index: number) => number,
    measured: (index: number) => boolean = () => true,
  ): Promise<void> {
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < count; index += 1) {
      const due = started + (index * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(this.click(user(index), measured(index)));
    }
    await Promise.all(inFlight);
    const deadline = performance.now() + 5000;
    while (this.#pendingEvents.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.#pendingEvents.size > 0) throw new Error(`${this.#pendingEvents.size} commands never arrived`);
  }

  /**
   * `count` events at 200/s, alternately to a random probe app (users 1..probes, timed) and to a
   * random held app (users probes+1..probes+held, not timed): the relay's work per event is the
   * same whichever agent it is for.
   */
  driveProbedAndHeld(count: number, probes: number, held: number): Promise<void> {
    return this.drive(
      count,
      200,
      (index) =>
        index % 2 === 0
          ? 1 + Math.floor(Math.random() * probes)
          : probes + 1 + Math.floor(Math.random() * held),
      (index) => index % 2 === 0,
    );
  }

  /** Connects more apps to the relay at `hubUrl`, held by that address's holder process; how many it holds. */
  async hold(tokens: string[], firstIndex: number, hubUrl = this.url): Promise<number> {
    let holder = this.#holders.get(hubUrl);
    if (!holder) {
      holder = fork('bench/support/relay-agents-holder.ts', [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      this.#holders.set(hubUrl, holder);
    }
    const process = holder;
    return new Promise((resolve) => {
      process.once('message', (reply: { connected: number }) => resolve(reply.connected));
      process.send({ url: hubUrl, tokens, firstIndex });
    });
  }

  /** Closes the probe apps and stops the holders (by their PIDs, through their handles). */
  disconnect(): void {
    for (const socket of this.#agents) socket.terminate();
    for (const holder of this.#holders.values()) holder.kill();
  }
}
