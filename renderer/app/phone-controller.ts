import type { HostApi } from '../../common/host-api/host-api';
import type { SipAccount } from '../../common/settings/settings';
import { FactReporter } from '../host/fact-reporter';
import type { Phone } from '../phone/phone';
import { SipJsPhone } from '../phone/sipjs-phone';
import { appStore } from '../store/app-store';

const qualityIntervalMs = 1_000;

/**
 * Connects the phone to the store (what the agent sees) and to the host (what Bitrix24 gets),
 * outside React. The UI calls its actions; nothing else touches the phone.
 */
export class PhoneController {
  readonly phone: Phone;
  readonly #facts: FactReporter;
  #account: SipAccount | null = null;

  constructor(host: HostApi) {
    const store = appStore.getState();
    this.#facts = new FactReporter(host);
    this.phone = new SipJsPhone({
      onRegistration: (state) => store.setRegistration(state),
      onCall: (call) => store.upsertCall(call),
      onFact: (fact) => this.#facts.report(fact),
    });
    setInterval(() => void this.#sampleQuality(), qualityIntervalMs);
  }

  /** (Re)registers when the SIP account changed; leaves a working registration alone otherwise. */
  async useAccount(account: SipAccount | null): Promise<void> {
    if (JSON.stringify(account) === JSON.stringify(this.#account)) return;
    this.#account = account;
    if (account) await this.phone.start(account);
    else await this.phone.stop();
  }

  async #sampleQuality(): Promise<void> {
    const { calls, setQuality } = appStore.getState();
    for (const call of Object.values(calls)) {
      if (call.phase !== 'established') continue;
      const quality = await this.phone.quality(call.id);
      if (quality) setQuality(call.id, quality);
    }
  }
}
