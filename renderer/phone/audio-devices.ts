import type { AudioSettings } from '../../common/settings/phone-settings';
import type { AudioDeviceList } from './phone';

/**
 * The microphones and speakers of this machine, and the microphone the calls use. A chosen
 * headset that is not plugged in falls back to the system default instead of failing the call;
 * `devicechange` tells the phone to re-check (headset plugged or unplugged mid-call: the phone
 * swaps the track with replaceTrack).
 */
export class AudioDevices {
  #settings: AudioSettings | undefined;
  readonly #onDeviceChange = () => this.onChange();

  constructor(private readonly onChange: () => void) {
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
  }

  configure(settings: AudioSettings): void {
    this.#settings = settings;
  }

  dispose(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
  }

  async list(): Promise<AudioDeviceList> {
    const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    const of = (kind: MediaDeviceKind) =>
      devices
        .filter((device) => device.kind === kind && device.deviceId !== '')
        .map((device) => ({ id: device.deviceId, label: device.label }));
    return {
      microphones: of('audioinput'),
      speakers: of('audiooutput'),
      outputSelectable: typeof HTMLMediaElement.prototype.setSinkId === 'function',
    };
  }

  /** The agent's processing choices (echo cancellation, noise suppression, auto gain). */
  #processing(): MediaTrackConstraints {
    const settings = this.#settings;
    return {
      echoCancellation: settings?.echoCancellation ?? true,
      noiseSuppression: settings?.noiseSuppression ?? true,
      autoGainControl: settings?.autoGainControl ?? true,
    };
  }

  /**
   * A microphone stream for a call: the agent's device when it is there (asked for `exact`:
   * Chromium may answer `ideal` with a device already open instead), else the system default,
   * with the agent's processing choices.
   */
  async openMicrophone(): Promise<MediaStream> {
    const devices = navigator.mediaDevices;
    if (!devices) throw new Error('No media devices (not a secure context)');
    const chosen = this.#settings?.microphoneId ?? '';
    if (chosen) {
      try {
        return await devices.getUserMedia({ audio: { ...this.#processing(), deviceId: { exact: chosen } } });
      } catch (error) {
        // Unplugged (or never here): the default will do; anything else is a real failure.
        if (
          !(error instanceof DOMException) ||
          !['OverconstrainedError', 'NotFoundError'].includes(error.name)
        )
          throw error;
      }
    }
    return devices.getUserMedia({ audio: this.#processing(), video: false });
  }

  /**
   * Whether a call's microphone track should be replaced: it ended (device unplugged), or the
   * agent's chosen device is available and the track is on another one (headset plugged back).
   */
  async needsSwap(track: MediaStreamTrack | undefined): Promise<boolean> {
    if (!track || track.readyState === 'ended') return true;
    const wanted = this.#settings?.microphoneId ?? '';
    const current = track.getSettings().deviceId ?? '';
    if (wanted === '') return current !== 'default' && !(await this.#isDefault(current));
    if (current === wanted) return false;
    return (await this.list()).microphones.some((device) => device.id === wanted);
  }

  /** Whether `deviceId` is the device the system default currently points at. */
  async #isDefault(deviceId: string): Promise<boolean> {
    const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    const inputs = devices.filter((device) => device.kind === 'audioinput');
    const fallback = inputs.find((device) => device.deviceId === 'default');
    const current = inputs.find((device) => device.deviceId === deviceId);
    if (!fallback || !current) return true;
    return fallback.groupId === current.groupId;
  }
}
