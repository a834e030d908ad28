// A fault-injecting reverse proxy between the UCWA client and the local service, on loopback. It forwards
// requests, rewrites the service's absolute hrefs to its own origin (as a reverse proxy in front of a pool
// does), injects one scheduled fault into each request that matches, and times the recovery from each.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalUcwaService } from '../../main/local/service.js';
import { forward, type ForwardedReply } from './forward.js';
import { RecoveryClock, type SeenRequest } from './recovery.js';

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

/** A fault for the first matching request that also fits `fits`, if given (then even a fault meant for the event channel goes there). */
type ScheduledFault = { kind: FaultKind; fits?: (request: IncomingMessage) => boolean };

/** Faults that, scheduled without a request of their own, wait for an event channel's request. */
const EVENT_CHANNEL_FAULTS: readonly FaultKind[] = ['applicationNotFound', 'applicationGone', 'duplicatedBatch', 'pGetReplaced'];

export type FaultProxyOptions = {
  service: LocalUcwaService;
  /** Faults to inject, in order, one per matching request; `inject` adds more. */
  schedule: FaultKind[];
  /** Which requests may receive a fault (default: every GET). */
  matches?: (request: IncomingMessage) => boolean;
  slowReleaseMs?: number;
  /** Rewrites each reply on its way to the client, after the service's origin became the proxy's (a hostile server). */
  rewrite?: (request: IncomingMessage, reply: ProxiedReply) => ProxiedReply;
};

/** `body`: a text reply's text; any other (a photo) as latin1, one character per byte, so it comes back whole. */
export type ProxiedReply = { status: number; headers: Record<string, string | string[]>; body: string };

export type InjectedFault = { kind: FaultKind; method: string; path: string };

export class FaultProxy {
  readonly injected: InjectedFault[] = [];
  readonly recovery = new RecoveryClock();
  /** Each incoming invitation's subject by its path, as served through the proxy: traces a fault on an action to its invitation. */
  readonly subjects = new Map<string, string>();
  readonly #server: Server;
  readonly #schedule: ScheduledFault[];
  #origin = '';
  /** The last batch each event channel got, to send again as a duplicate. */
  readonly #lastBatch = new Map<string, Buffer>();

  constructor(private readonly options: FaultProxyOptions) {
    this.#schedule = options.schedule.map((kind) => ({ kind }));
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

  /** Schedules one more fault, for the next matching request that `fits`. */
  inject(kind: FaultKind, fits?: (request: IncomingMessage) => boolean): void {
    this.#schedule.push({ kind, ...(fits && { fits }) });
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.#origin).pathname;
    const isEvents = path.endsWith('/events');
    const seen: SeenRequest = { method: request.method ?? 'GET', path, events: isEvents, arrivedAt: performance.now() };
    const fault = this.#nextFault(request, isEvents);
    if (fault) {
      this.injected.push({ kind: fault, method: seen.method, path });
      this.recovery.faulted(fault, seen);
    }

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

    const forwarded = await this.#forward(request);
    const encoding = isText(forwarded.headers['content-type']) ? 'utf8' : 'latin1';
    const text = forwarded.body.toString(encoding);
    const proxied = { ...forwarded, body: encoding === 'utf8' ? text.replaceAll(this.options.service.origin, this.#origin) : text };
    const upstream = this.options.rewrite?.(request, proxied) ?? proxied;
    let body = Buffer.from(upstream.body, encoding);
    if (isEvents && upstream.status === 200) this.#lastBatch.set(path, body);
    if (fault === 'slowRelease') await new Promise((resolve) => setTimeout(resolve, this.options.slowReleaseMs ?? 1500));
    if (fault === 'truncatedJson') body = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    if (fault === 'invalidJson') body = Buffer.from('{"_links": {"next": ');
    const good = !response.destroyed && upstream.status >= 200 && upstream.status < 300 && (fault === undefined || fault === 'slowRelease');
    send(response, upstream.status, body, upstream.headers);
    if (!good) return;
    this.recovery.answered(seen);
    if (seen.method === 'GET' && /\/communication\/invitations\/\d+$/.test(path)) this.#noteSubject(path, body);
  }

  #noteSubject(path: string, body: Buffer): void {
    const { subject } = JSON.parse(body.toString('utf8')) as { subject?: unknown };
    if (typeof subject === 'string') this.subjects.set(path, subject);
  }

  /** How many faults of `kind` were injected. */
  count(kind: FaultKind): number {
    return this.injected.filter((fault) => fault.kind === kind).length;
  }

  #nextFault(request: IncomingMessage, isEvents: boolean): FaultKind | undefined {
    const eligible = this.options.matches ? this.options.matches(request) : request.method === 'GET';
    if (!eligible) return undefined;
    const next = this.#schedule.findIndex(({ kind, fits }) => (fits ? fits(request) : isEvents || !EVENT_CHANNEL_FAULTS.includes(kind)));
    return next === -1 ? undefined : this.#schedule.splice(next, 1)[0]?.kind;
  }

  #forward(request: IncomingMessage): Promise<ForwardedReply> {
    return forward(request, this.options.service.origin, (value) => value.replaceAll(this.options.service.origin, this.#origin));
  }
}

/** JSON, text, SDP and multipart replies are text; an image (a contact's photo) is not. */
function isText(contentType: string | string[] | undefined): boolean {
  const type = String(contentType ?? 'application/json').toLowerCase();
  return /json|text\/|sdp|multipart\//.test(type);
}

function send(
  response: ServerResponse,
  status: number,
  body: Buffer | string,
  headers: Record<string, string | string[]> = { 'content-type': 'application/json' },
): void {
  if (response.destroyed) return;
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
