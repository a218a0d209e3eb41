import { commandForCallKey, type CallKey } from '../../common/phone/call-keys';
import type { PhoneCommand } from '../../common/phone/phone-command';
import { isConnected } from '../phone/leg-phase';
import { wav } from '../phone/tone-player';
import { appStore, type AppState } from '../store/app-store';
import { liveCalls } from '../store/phone-slice';
import { phoneStateOf, runCommand } from './host-link';
import type { PhoneController } from './phone-controller';

/**
 * A headset's call button and the keyboard's media keys answer and hang up. Chromium hands the
 * OS's media keys to the page's Media Session (MPRIS on Linux - where BlueZ also sends a Bluetooth
 * headset's buttons -, the System Media Transport Controls on Windows, Now Playing on macOS) as
 * play/pause/stop actions. They are taken only while a call is up and the setting
 * (phone.headsetButtons) allows it; then a silent loop plays, because Chromium only routes the
 * keys to a page whose media is playing and a call's own audio (a WebRTC stream) does not count.
 * `hangup` and `togglemicrophone` come from Chromium's video-conferencing controls where it has
 * them (Picture-in-Picture, ChromeOS), never from a key.
 */

/** What a media session action does with the calls up now. */
export type HeadsetIntent =
  { kind: 'command'; command: PhoneCommand } | { kind: 'mute'; callId: string; muted: boolean };

/**
 * The actions b24phone takes: the media keys' ones, and the conferencing ones the DOM library
 * does not list yet (the Media Session spec does).
 */
export type HeadsetAction = 'play' | 'pause' | 'stop' | 'hangup' | 'togglemicrophone';

const callKeys: Record<Exclude<HeadsetAction, 'togglemicrophone'>, CallKey> = {
  // A toggle: Chromium sends play or pause as it believes the page is paused or playing.
  play: 'callButton',
  pause: 'callButton',
  stop: 'hangUp',
  hangup: 'hangUp',
};

const headsetActions: HeadsetAction[] = ['play', 'pause', 'stop', 'hangup', 'togglemicrophone'];

export function headsetIntent(
  action: HeadsetAction,
  state: Pick<AppState, 'registration' | 'settings' | 'calls' | 'crmNames'>,
): HeadsetIntent | null {
  if (action === 'togglemicrophone') {
    const talking = liveCalls(state.calls).find((call) => call.phase === 'active');
    return talking ? { kind: 'mute', callId: talking.id, muted: !talking.muted } : null;
  }
  const command = commandForCallKey(callKeys[action], phoneStateOf(state));
  return command ? { kind: 'command', command } : null;
}

/** Takes the media keys while a call is up and the setting allows it. Returns the unlink. */
export function linkHeadsetButtons(
  controller: PhoneController,
  session: MediaSession = navigator.mediaSession,
): () => void {
  const silence = new SilentLoop();
  let taken = false;
  const onAction = (details: MediaSessionActionDetails) => {
    const intent = headsetIntent(details.action as HeadsetAction, appStore.getState());
    if (intent?.kind === 'command') void runCommand(controller, intent.command);
    if (intent?.kind === 'mute') controller.phone.setMuted(intent.callId, intent.muted);
  };
  const follow = (state: AppState) => {
    const calls = liveCalls(state.calls);
    const wanted = (state.settings?.phone.headsetButtons ?? false) && calls.length > 0;
    if (wanted !== taken) {
      taken = wanted;
      for (const action of headsetActions) setHandler(session, action, wanted ? onAction : null);
      if (wanted) silence.play(state.settings?.phone.audio.speakerId ?? '');
      else silence.stop();
    }
    if (!wanted) return;
    session.playbackState = 'playing';
    const talking = calls.find((call) => isConnected(call.phase));
    if (talking) tellMicrophone(session, !talking.muted);
  };
  follow(appStore.getState());
  const unsubscribe = appStore.subscribe(follow);
  return () => {
    unsubscribe();
    for (const action of headsetActions) setHandler(session, action, null);
    silence.stop();
  };
}

/**
 * Tells the conferencing controls (where Chromium shows them) whether the agent is muted. Chromium
 * returns nothing where the spec returns a promise; either way nothing may escape into the store's
 * update, which is the phone's own call flow.
 */
function tellMicrophone(session: MediaSession, active: boolean): void {
  try {
    void Promise.resolve(session.setMicrophoneActive(active)).catch(() => undefined);
  } catch {
    // Not offered by this browser.
  }
}

/** Chromium throws for an action it does not know (older versions lack the conferencing ones). */
function setHandler(
  session: MediaSession,
  action: HeadsetAction,
  handler: MediaSessionActionHandler | null,
): void {
  try {
    session.setActionHandler(action as MediaSessionAction, handler);
  } catch {
    // Not offered by this browser: the other actions still work.
  }
}

/**
 * One second of silence, looped: keeps the page's media session active while a call is up. It
 * plays on the call's speaker, so no other output device (a Bluetooth speaker, the ringer) is
 * woken by it.
 */
class SilentLoop {
  #element: HTMLAudioElement | null = null;
  #url: string | null = null;

  play(speakerId: string): void {
    if (this.#element) return;
    this.#url ??= URL.createObjectURL(new Blob([wav([{ hz: [], ms: 1000 }])], { type: 'audio/wav' }));
    const element = new Audio(this.#url);
    element.loop = true;
    this.#element = element;
    const routed = speakerId && typeof element.setSinkId === 'function' ? element.setSinkId(speakerId) : null;
    // A browser tab may refuse it before the agent's first click (autoplay); the ringtone asks for
    // that click, and while it rings the ringtone itself keeps the session active. A speaker that
    // is gone leaves it on the default output: it is silence either way.
    void Promise.resolve(routed)
      .catch(() => undefined)
      .then(() => (this.#element === element ? element.play() : undefined))
      .catch(() => undefined);
  }

  stop(): void {
    this.#element?.pause();
    this.#element = null;
  }
}
