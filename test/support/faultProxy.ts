// A fault-injecting reverse proxy between the UCWA client and the local service, on loopback. It forwards
// requests, rewrites the service's absolute hrefs to its own origin (as a reverse proxy in front of a pool
// does), and injects one scheduled fault into each request that matches.
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalUcwaService } from '../../main/local/service.js';

export const FAULT_KINDS = [
  'connectionReset',
  'status500',
  'status503',
  'slowRelease',
  'truncatedJson',
  'invalidJson',
  'applicationNotFound',
  'tokenExpired',
  'duplicatedBatch',
  'pGetReplaced',
] as const;

/** A fault the session does not survive: the server says the application is gone for good (410). */
export type FaultKind = (typeof FAULT_KINDS)[number] | 'applicationGone';

export type FaultProxyOptions = {
  service: LocalUcwaService;
  /** Faults to inject, in order, one per matching request. */
  schedule: FaultKind[];
  /** Which requests may receive a fault (default: every GET). */
  matches?: (request: IncomingMessage) => boolean;
  /** Inject a fault into one matching request in `every` (default 1: each). */
  every?: number;
  slowReleaseMs?: number;
};

export class FaultProxy {
  readonly injected = new Map<FaultKind, number>();
  readonly #server: Server;
  readonly #schedule: FaultKind[];
  #matched = 0;
  #origin = '';
  /** The last batch each event channel got, to send again as a duplicate. */
  readonly #lastBatch = new Map<string, Buffer>();

  constructor(private readonly options: FaultProxyOptions) {
    this.#schedule = [...options.schedule];
    // An upstream that hangs up is passed on as a reset, never as a request left without an answer.
    this.#server = createServer((request, response) => void this.#handle(request, response).catch(() => response.destroy()));
  }

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#origin = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return new URL(this.options.service.rootUrl.pathname, this.#origin);
  }

  get remaining(): number {
    return this.#schedule.length;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.#origin).pathname;
    const isEvents = path.endsWith('/events');
    const fault = this.#nextFault(request, isEvents);
    if (fault) this.injected.set(fault, (this.injected.get(fault) ?? 0) + 1);

    switch (fault) {
      case 'connectionReset':
        request.socket.destroy();
        return;
      case 'status500':
      case 'status503':
        return send(response, fault === 'status500' ? 500 : 503, JSON.stringify({ code: 'ServiceFailure', message: 'Injected fault' }));
      case 'applicationGone':
        return send(response, 410, JSON.stringify({ code: 'Gone', subcode: 'InactiveApplicationExpired', message: 'Injected fault' }));
      case 'pGetReplaced':
        return send(response, 409, JSON.stringify({ code: 'Conflict', subcode: 'PGetReplaced', message: 'Injected fault' }));
      case 'duplicatedBatch':
        if (this.#lastBatch.has(path)) return send(response, 200, this.#lastBatch.get(path)!);
        break;
      case 'applicationNotFound':
        this.options.service.expireApplications();
        break;
      case 'tokenExpired':
        this.options.service.expireTokens();
        break;
      default:
        break;
    }

    const upstream = await this.#forward(request);
    let body = Buffer.from(upstream.body.toString('utf8').replaceAll(this.options.service.origin, this.#origin));
    if (isEvents && upstream.status === 200) this.#lastBatch.set(path, body);
    if (fault === 'slowRelease') await new Promise((resolve) => setTimeout(resolve, this.options.slowReleaseMs ?? 1500));
    if (fault === 'truncatedJson') body = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    if (fault === 'invalidJson') body = Buffer.from('{"_links": {"next": ');
    send(response, upstream.status, body, upstream.headers);
  }

  #nextFault(request: IncomingMessage, isEvents: boolean): FaultKind | undefined {
    const eligible = this.options.matches ? this.options.matches(request) : request.method === 'GET';
    if (!eligible || this.#schedule.length === 0) return undefined;
    if (++this.#matched % (this.options.every ?? 1) !== 0) return undefined;
    const next = this.#schedule[0];
    // Faults that only make sense on the event channel wait for an events request.
    const eventsOnly: FaultKind[] = ['applicationNotFound', 'applicationGone', 'duplicatedBatch', 'pGetReplaced'];
    if (next && eventsOnly.includes(next) && !isEvents) return undefined;
    return this.#schedule.shift();
  }

  #forward(request: IncomingMessage): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const target = new URL(request.url ?? '/', this.options.service.origin);
    return new Promise((resolve, reject) => {
      const upstream = forward(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => {
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(reply.headers)) {
            if (value === undefined || name === 'content-length' || name === 'connection') continue;
            headers[name] = Array.isArray(value)
              ? value.map((v) => v.replaceAll(this.options.service.origin, this.#origin))
              : value.replaceAll(this.options.service.origin, this.#origin);
          }
          resolve({ status: reply.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
        reply.on('error', reject);
      });
      upstream.on('error', reject);
      request.pipe(upstream);
    });
  }
}

function send(response: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string | string[]> = { 'content-type': 'application/json' }): void {
  if (response.destroyed) return;
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
