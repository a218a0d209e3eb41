import type { Page } from '@playwright/test';

/**
 * What Chromium really did with the agent's audio devices, read from the page: every microphone
 * stream the app opened and every media element it played. Installed before the app loads; it
 * only records, the app's calls go through unchanged. (The DOM types, as far as used here: the
 * specs compile without the DOM library.)
 */
interface Track {
  label: string;
  readyState: 'live' | 'ended';
  stop(): void;
  getSettings(): Record<string, unknown>;
}
interface Stream {
  getAudioTracks(): Track[];
}
interface Player {
  paused: boolean;
  sinkId: string;
  srcObject: unknown;
}
interface PageGlobal {
  __microphones: Stream[];
  __players: Set<Player>;
  navigator: {
    mediaDevices: {
      getUserMedia(constraints: unknown): Promise<Stream>;
      dispatchEvent(event: unknown): boolean;
    };
  };
  HTMLMediaElement: { prototype: { play: (this: Player) => Promise<void> } };
  Event: new (type: string) => unknown;
}

export async function installMediaProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe = globalThis as unknown as PageGlobal;
    probe.__microphones = [];
    probe.__players = new Set();
    const devices = probe.navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      probe.__microphones.push(stream);
      return stream;
    };
    const prototype = probe.HTMLMediaElement.prototype;
    const play = prototype.play;
    prototype.play = function (this: Player) {
      probe.__players.add(this);
      return play.call(this);
    };
  });
}

export interface MicrophoneTrack {
  label: string;
  readyState: 'live' | 'ended';
  settings: Record<string, unknown>;
}

/** The microphone tracks the app opened, oldest first. */
export function microphones(page: Page): Promise<MicrophoneTrack[]> {
  return page.evaluate(() =>
    (globalThis as unknown as PageGlobal).__microphones.flatMap((stream) =>
      stream.getAudioTracks().map((track) => ({
        label: track.label,
        readyState: track.readyState,
        settings: track.getSettings(),
      })),
    ),
  );
}

/** "Unplugs" the microphone in use: its track ends, as when the device goes away. */
export async function unplugMicrophone(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const stream of (globalThis as unknown as PageGlobal).__microphones)
      for (const track of stream.getAudioTracks()) track.stop();
  });
}

/** Chromium's devicechange reaches the app: the same path a headset pulled out takes. */
export async function announceDeviceChange(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = globalThis as unknown as PageGlobal;
    probe.navigator.mediaDevices.dispatchEvent(new probe.Event('devicechange'));
  });
}

export interface Playing {
  /** The output device the element plays on ('' = the system default). */
  sinkId: string;
  /** A call's audio (a stream), or a tone (a looped file). */
  kind: 'call' | 'tone';
}

/** The media elements playing now, and where. */
export function playing(page: Page): Promise<Playing[]> {
  return page.evaluate(() =>
    [...(globalThis as unknown as PageGlobal).__players]
      .filter((element) => !element.paused)
      .map((element) => ({
        sinkId: element.sinkId,
        kind: element.srcObject ? ('call' as const) : ('tone' as const),
      })),
  );
}
