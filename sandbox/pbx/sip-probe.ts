import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/**
 * Sends one out-of-dialog SIP OPTIONS over UDP to `address:port` and resolves with the status code
 * of the final response, or undefined when none came within `timeoutMs`. Kamailio answers 200 as
 * soon as its UDP workers run the request route, which is what "ready for calls" means.
 */
export function probeSipOptions(address: string, port: number, timeoutMs = 200): Promise<number | undefined> {
  const socket = createSocket('udp4');
  const tag = randomBytes(6).toString('hex');
  const callId = `probe-${randomBytes(8).toString('hex')}`;
  return new Promise((resolve) => {
    const finish = (status: number | undefined): void => {
      clearTimeout(timer);
      socket.close();
      resolve(status);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (message) => {
      const match = /^SIP\/2\.0 (\d{3}) /.exec(message.toString('latin1'));
      const status = match?.[1] === undefined ? undefined : Number(match[1]);
      if (status !== undefined && status >= 200) finish(status);
    });
    socket.bind(0, address, () => {
      const { port: localPort } = socket.address();
      const request = [
        `OPTIONS sip:${address}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${address}:${localPort};rport;branch=z9hG4bK${tag}`,
        'Max-Forwards: 70',
        `From: <sip:probe@${address}>;tag=${tag}`,
        `To: <sip:${address}:${port}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(request, port, address);
    });
  });
}
