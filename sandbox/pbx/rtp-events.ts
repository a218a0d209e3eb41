import { createSocket, type Socket } from 'node:dgram';
import { waitUntil } from './wait-until';

/**
 * An RTP sink that decodes RFC 4733 telephone-events (DTMF): point a sipp UAS's SDP at it
 * (startUas({ rtpSinkPort: capture.port })) and it records the digits the caller sent, as they
 * arrived on the wire after rtpengine. No packet capture tools needed: the media simply comes here.
 *
 * A telephone-event packet is recognised by its 4-byte payload and a dynamic payload type (96-127),
 * or by the payload types given; audio packets are counted and kept (what the far end would hear).
 */
export interface RtpEventCapture {
  address: string;
  port: number;
  /** Digits whose end packet arrived, in order ("0"-"9", "*", "#", "A"-"D"). */
  digits(): string;
  events(): DtmfEvent[];
  /** Packets received per RTP payload type. */
  packetsByPayloadType(): Record<number, number>;
  /** The audio packets of one payload type (8: PCMA), in arrival order. */
  audio(payloadType: number): AudioPacket[];
  /** Resolves with digits() once it has at least `count` digits. */
  waitForDigits(count: number, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export interface DtmfEvent {
  digit: string;
  payloadType: number;
  /** RTP timestamp shared by every packet of the event. */
  rtpTimestamp: number;
  /** Duration in timestamp units (8 kHz: 160 per 20 ms). */
  duration: number;
  volume: number;
  /** When the end packet arrived (epoch ms). */
  endedAt: number;
}

export interface AudioPacket {
  /** When it arrived (epoch ms). */
  at: number;
  payload: Buffer;
}

const DIGITS = '0123456789*#ABCD';

export async function captureRtpEvents(options: {
  /** Bind here: the UAS's address (rig.uasAddress), since its SDP names its own address for media. */
  address: string;
  port?: number;
  eventPayloadTypes?: readonly number[];
}): Promise<RtpEventCapture> {
  const socket: Socket = createSocket('udp4');
  const events: DtmfEvent[] = [];
  const counts: Record<number, number> = {};
  const audio: Array<AudioPacket & { payloadType: number }> = [];
  const isEventType = (payloadType: number, payloadLength: number): boolean =>
    options.eventPayloadTypes
      ? options.eventPayloadTypes.includes(payloadType)
      : payloadType >= 96 && payloadType <= 127 && payloadLength === 4;

  socket.on('message', (packet) => {
    const rtp = parseRtp(packet);
    if (!rtp) return;
    counts[rtp.payloadType] = (counts[rtp.payloadType] ?? 0) + 1;
    if (!isEventType(rtp.payloadType, rtp.payload.length)) {
      audio.push({ at: Date.now(), payloadType: rtp.payloadType, payload: Buffer.from(rtp.payload) });
      return;
    }
    const [event, flags] = [rtp.payload[0] ?? 0, rtp.payload[1] ?? 0];
    const ended = (flags & 0x80) !== 0;
    // The end packet is sent three times (RFC 4733 section 2.5.1.4): one event per RTP timestamp.
    if (
      !ended ||
      events.some((known) => known.rtpTimestamp === rtp.timestamp && known.payloadType === rtp.payloadType)
    ) {
      return;
    }
    events.push({
      digit: DIGITS[event] ?? `?${event}`,
      payloadType: rtp.payloadType,
      rtpTimestamp: rtp.timestamp,
      duration: rtp.payload.readUInt16BE(2),
      volume: flags & 0x3f,
      endedAt: Date.now(),
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, options.address, () => resolve());
  });

  const digits = (): string => events.map((event) => event.digit).join('');
  return {
    address: options.address,
    port: socket.address().port,
    digits,
    events: () => [...events],
    packetsByPayloadType: () => ({ ...counts }),
    audio: (payloadType) =>
      audio
        .filter((packet) => packet.payloadType === payloadType)
        .map(({ at, payload }) => ({ at, payload })),
    waitForDigits: (count, timeoutMs = 5_000) =>
      waitUntil(
        `${count} DTMF digits at the RTP sink`,
        () => (events.length >= count ? digits() : undefined),
        {
          timeoutMs,
          intervalMs: 10,
        },
      ),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function parseRtp(packet: Buffer): { payloadType: number; timestamp: number; payload: Buffer } | undefined {
  const first = packet[0];
  const second = packet[1];
  if (packet.length < 12 || first === undefined || second === undefined || first >> 6 !== 2) return undefined;
  const payloadType = second & 0x7f;
  // RTCP multiplexed on the same port uses 200-204 in the full second byte (RFC 5761).
  if (second >= 200 && second <= 204) return undefined;
  let start = 12 + (first & 0x0f) * 4;
  if (first & 0x10) start += 4 + packet.readUInt16BE(start + 2) * 4;
  const padding = first & 0x20 ? (packet[packet.length - 1] ?? 0) : 0;
  if (start > packet.length - padding) return undefined;
  return {
    payloadType,
    timestamp: packet.readUInt32BE(4),
    payload: packet.subarray(start, packet.length - padding),
  };
}
