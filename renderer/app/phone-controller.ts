import { planDial } from '../../common/phone/dial-rules';
import type { HostApi } from '../../common/host-api/host-api';
import type { CallOrigin } from '../../common/calls/call-fact';
import { defaultPhoneSettings, type PhoneSettings } from '../../common/settings/phone-settings';
import type { Settings, SipAccount } from '../../common/settings/settings';
import { FactReporter } from '../host/fact-reporter';
import type { DialRequest, Phone } from '../phone/phone';
import { Recorder } from '../recording/recorder';
import { SipJsPhone } from '../phone/sipjs-phone';
import { appStore } from '../store/app-store';
import { hostCallerDirectory, type CallerDirectory } from './caller-directory';

/** What needs a new registration when it changes (the rest applies to the running phone). */
function connectionOf(account: SipAccount | null, phone: PhoneSettings): string {
  return JSON.stringify([account, phone.network]);
}

/**
 * Connects the phone to the store (what the agent sees) and to the host (what Bitrix24 gets),
 * outside React. The UI calls its actions; nothing else touches the phone. Numbers typed by the
 * agent go through the dial rules here, so an invalid one is refused before any INVITE exists.
 */
export class PhoneController {
  readonly phone: Phone;
  readonly recorder: Recorder;
  readonly #facts: FactReporter;
  #connection: string | null = null;
  #settings: PhoneSettings = defaultPhoneSettings;

  constructor(
    private readonly host: HostApi,
    private readonly directory: CallerDirectory = hostCallerDirectory(host),
  ) {
    const store = appStore.getState();
    this.#facts = new FactReporter(host);
    this.phone = new SipJsPhone({
      onRegistration: (state) => store.setRegistration(state),
      onCall: (call) => {
        const known = appStore.getState().calls[call.id];
        store.upsertCall(call);
        this.recorder.onCall(call);
        if (!known && call.direction === 'incoming') void this.#lookUp(call.remoteNumber);
      },
      onMedia: (callId) => this.recorder.onMedia(callId),
      onFact: (fact) => this.#facts.report(fact),
      onQuality: (callId, quality) => store.setQuality(callId, quality),
      onRingtone: (state) => store.setRingtone(state),
      onDevices: (devices) => store.setDevices(devices),
    });
    this.recorder = new Recorder({
      host,
      media: (callId) => this.phone.media(callId),
      playToRemote: (callId, sound) => this.phone.playToRemote(callId, sound),
      onStatus: (callId, status) => store.setRecordingStatus(callId, status),
    });
  }

  /** (Re)registers when the account or the network settings changed; otherwise applies the rest live. */
  async useSettings(settings: Settings): Promise<void> {
    this.#settings = settings.phone;
    this.recorder.useSettings(settings.recording);
    const connection = connectionOf(settings.sip, settings.phone);
    if (connection === this.#connection) {
      this.phone.configure(settings.phone);
      return;
    }
    this.#connection = connection;
    if (settings.sip) await this.phone.start(settings.sip, settings.phone);
    else await this.phone.stop();
  }

  /**
   * Dials what the agent typed. Refused numbers set the dialpad's message and send nothing.
   * Resolves with the new call's id, or null.
   */
  async dial(
    raw: string,
    origin?: CallOrigin,
    extras: Pick<DialRequest, 'dtmfOnAnswer' | 'lineNumber'> = {},
  ): Promise<string | null> {
    const request = this.#plan(raw, origin);
    if (!request) return null;
    const { dtmfOnAnswer, lineNumber } = extras;
    const id = await this.phone.dial({
      ...request,
      ...(dtmfOnAnswer ? { dtmfOnAnswer } : {}),
      ...(lineNumber ? { lineNumber } : {}),
    });
    appStore.getState().setDialRefusal(id ? null : { code: 'failed' });
    if (id) appStore.getState().rememberDialled(request.number);
    return id;
  }

  async redial(): Promise<string | null> {
    const [last] = appStore.getState().dialled;
    return last ? this.dial(last.number) : null;
  }

  async blindTransfer(callId: string, raw: string): Promise<boolean> {
    const request = this.#plan(raw);
    if (!request) return false;
    await this.phone.blindTransfer(callId, request);
    return true;
  }

  async consult(callId: string, raw: string): Promise<string | null> {
    const request = this.#plan(raw);
    if (!request) return null;
    const id = await this.phone.consult(callId, request);
    if (id) appStore.getState().focusCall(id);
    return id;
  }

  /** Unregisters and forgets the connection (the host has signed the agent out). */
  async signOut(): Promise<void> {
    this.#connection = null;
    await this.phone.stop();
  }

  /** Shows this call in the main view (the lines' buttons, a new call). */
  focus(callId: string | null): void {
    appStore.getState().focusCall(callId);
    appStore.getState().setCallPanel(null);
  }

  /** Turns DND on or off and keeps it in the settings (it survives a restart). */
  async setDnd(on: boolean): Promise<void> {
    const settings = appStore.getState().settings;
    if (!settings) return;
    const next = { ...settings, phone: { ...settings.phone, dnd: on } };
    // At once (the switch follows the click, calls are refused from now on), then stored.
    appStore.getState().setSettings(next);
    await this.useSettings(next);
    try {
      appStore.getState().setSettings(await this.host.settings.save(next));
    } catch (error) {
      appStore.getState().setSettings(settings);
      await this.useSettings(settings);
      throw error;
    }
  }

  /** The country of the portal's numbers, as the relay tells it (undefined until signed in). */
  get portalCountry(): string | undefined {
    const relay = appStore.getState().hostStatus?.relay;
    return relay && 'country' in relay ? relay.country : undefined;
  }

  #plan(raw: string, origin?: CallOrigin): DialRequest | null {
    const plan = planDial(raw, this.#settings.dialRules, this.portalCountry);
    if (plan.kind === 'invalid') {
      appStore.getState().setDialRefusal({ code: plan.code });
      return null;
    }
    appStore.getState().setDialRefusal(null);
    return { dialString: plan.dialString, number: plan.number, ...(origin ? { origin } : {}) };
  }

  async #lookUp(number: string): Promise<void> {
    try {
      const name = await this.directory.nameFor(number);
      if (name) appStore.getState().setCrmName(number, name);
    } catch {
      // The CRM is only a nicety here: the call rings without the name.
    }
  }
}
