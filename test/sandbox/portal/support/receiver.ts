import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ParamMap } from '../../../../sandbox/portal/state/model';
import { parsePhpQuery } from '../../../../sandbox/portal/transport/php-params';

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  fields: ParamMap;
}

/** A real HTTP endpoint that records what the portal POSTs to it (event handlers, install URLs). */
export interface Receiver {
  url: string;
  received: Received[];
  /** The status to answer with (200 by default). */
  status: number;
  /** What to answer with (text/plain `ok` by default). */
  contentType: string;
  body: string;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    status: 200,
    contentType: 'text/plain',
    body: 'ok',
    close: () => Promise.resolve(),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        fields: parsePhpQuery(body),
      });
      response.writeHead(receiver.status, { 'content-type': receiver.contentType }).end(receiver.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/handler`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
