import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE = fileURLToPath(new URL('sipjs-agent.html', import.meta.url));
const SIP_JS = path.resolve(fileURLToPath(new URL('../../../node_modules/sip.js/lib/', import.meta.url)));

export interface AgentPageServer {
  /** The page's URL for one agent, e.g. agentUrl({ ext: '101', answer: 'auto', ... }). */
  agentUrl(query: Record<string, string>): string;
  close(): Promise<void>;
}

/**
 * Serves sipjs-agent.html and sip.js's own ES modules as they are in node_modules (pitfall 9: no
 * bundling needed) on 127.0.0.1 (a secure context, so getUserMedia works) at a free port.
 */
export async function serveAgentPage(): Promise<AgentPageServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file =
      url.pathname === '/'
        ? PAGE
        : url.pathname.startsWith('/sip.js/')
          ? path.join(SIP_JS, url.pathname.slice(8))
          : '';
    if (!file || (file !== PAGE && !file.startsWith(`${SIP_JS}${path.sep}`))) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    agentUrl: (query) => `http://127.0.0.1:${port}/?${new URLSearchParams(query).toString()}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
