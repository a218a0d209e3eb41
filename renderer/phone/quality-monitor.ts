import type { CallQualitySummary } from '../../common/calls/call-fact';
import { estimateMos } from './mos';

/**
 * Turns the cumulative counters WebRTC reports every second into what the agent sees live (the
 * figures of the last interval and an estimated MOS), a warning when the line has been poor for a
 * few seconds, and the summary stored with the call. Pure: feed it samples, read its figures.
 */

/** One reading of getStats, cumulative since the call started (as WebRTC reports them). */
export interface MediaSample {
  at: number;
  codec?: string | undefined;
  packetsReceived: number;
  packetsLost: number;
  jitterMs: number;
  roundTripMs?: number | undefined;
  audioLevel: number;
}

/** What the agent sees for the last interval. */
export interface LiveQuality {
  codec?: string | undefined;
  packetsReceived: number;
  lossPercent: number;
  jitterMs: number;
  roundTripMs?: number | undefined;
  audioLevel: number;
  mos: number;
  /** The line has been poor for a few seconds (the warning is shown). */
  poor: boolean;
}

/** MOS under this for `poorAfter` intervals in a row raises the warning... */
export const poorMos = 3.6;
/** ...and at or above this for `poorAfter` intervals in a row clears it. */
export const fairMos = 3.8;
const poorAfter = 3;

export class QualityMonitor {
  #last: MediaSample | undefined;
  #live: LiveQuality | undefined;
  #poor = false;
  #streak = 0;
  #codec: string | undefined;
  #mosSum = 0;
  #mosMin = Number.POSITIVE_INFINITY;
  #jitterSum = 0;
  #jitterMax = 0;
  #rttSum = 0;
  #rttCount = 0;
  #intervals = 0;
  #poorIntervals = 0;
  #firstReceived = 0;
  #firstLost = 0;

  /** Adds a reading; returns the live figures (undefined until media has arrived). */
  add(sample: MediaSample): LiveQuality | undefined {
    const previous = this.#last;
    this.#last = sample;
    if (sample.codec) this.#codec = sample.codec;
    if (!previous) {
      this.#firstReceived = sample.packetsReceived;
      this.#firstLost = sample.packetsLost;
      // Show something at once (the agent wonders whether audio flows); judged from the next one.
      if (sample.packetsReceived > 0) this.#live = this.#figures(sample, 0, false);
      return this.#live;
    }
    const received = sample.packetsReceived - previous.packetsReceived;
    // packetsLost may go down when late packets arrive after all; never count negative loss.
    const lost = Math.max(0, sample.packetsLost - previous.packetsLost);
    // No traffic (held, or the far end is silent on purpose): nothing to judge this interval by.
    if (received <= 0 && lost <= 0) {
      if (this.#live) this.#live = { ...this.#live, packetsReceived: sample.packetsReceived, audioLevel: 0 };
      return this.#live;
    }
    const lossPercent = (100 * lost) / (received + lost);
    const { mos } = estimateMos({
      codec: this.#codec,
      roundTripMs: sample.roundTripMs,
      jitterMs: sample.jitterMs,
      lossPercent,
    });
    this.#judge(mos);
    this.#intervals += 1;
    if (this.#poor) this.#poorIntervals += Math.max(1, Math.round((sample.at - previous.at) / 1000));
    this.#mosSum += mos;
    this.#mosMin = Math.min(this.#mosMin, mos);
    this.#jitterSum += sample.jitterMs;
    this.#jitterMax = Math.max(this.#jitterMax, sample.jitterMs);
    if (sample.roundTripMs !== undefined) {
      this.#rttSum += sample.roundTripMs;
      this.#rttCount += 1;
    }
    this.#live = { ...this.#figures(sample, lossPercent, this.#poor), mos: round(mos, 2) };
    return this.#live;
  }

  #figures(sample: MediaSample, lossPercent: number, poor: boolean): LiveQuality {
    return {
      codec: this.#codec,
      packetsReceived: sample.packetsReceived,
      lossPercent: round(lossPercent, 1),
      jitterMs: sample.jitterMs,
      roundTripMs: sample.roundTripMs,
      audioLevel: sample.audioLevel,
      mos: round(
        estimateMos({
          codec: this.#codec,
          roundTripMs: sample.roundTripMs,
          jitterMs: sample.jitterMs,
          lossPercent,
        }).mos,
        2,
      ),
      poor,
    };
  }

  live(): LiveQuality | undefined {
    return this.#live;
  }

  /** The call's figures for the journal; undefined when nothing was measured. */
  summary(): CallQualitySummary | undefined {
    const last = this.#last;
    if (this.#intervals === 0 || !last) return undefined;
    const received = last.packetsReceived - this.#firstReceived;
    const lost = Math.max(0, last.packetsLost - this.#firstLost);
    return {
      ...(this.#codec ? { codec: this.#codec.slice(0, 40) } : {}),
      mosAverage: round(this.#mosSum / this.#intervals, 2),
      mosMin: round(this.#mosMin, 2),
      packetLossPercent: received + lost > 0 ? round((100 * lost) / (received + lost), 2) : 0,
      jitterMsAverage: round(this.#jitterSum / this.#intervals, 1),
      jitterMsMax: round(this.#jitterMax, 1),
      ...(this.#rttCount > 0 ? { roundTripMsAverage: round(this.#rttSum / this.#rttCount, 1) } : {}),
      poorSeconds: this.#poorIntervals,
      samples: this.#intervals,
    };
  }

  #judge(mos: number): void {
    const againstCurrent = this.#poor ? mos >= fairMos : mos < poorMos;
    this.#streak = againstCurrent ? this.#streak + 1 : 0;
    if (this.#streak >= poorAfter) {
      this.#poor = !this.#poor;
      this.#streak = 0;
    }
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
