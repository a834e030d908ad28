import { ForeignHrefError, HttpError, MalformedError, NetworkError, UcwaError } from './errors.js';
import { parseJsonText } from '../storage/jsonText.js';
import { resolveHref } from './resources.js';

/** What the client sends: fetch's init, as far as it uses it. */
export type FetchInit = { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' };

/** What the client reads of a reply: a fetch Response has it all. */
export type FetchReply = { status: number; headers: { get(name: string): string | null }; body: AsyncIterable<Uint8Array> | null };

/** nodeFetch (nodeFetch.ts) in Node; Electron's `net.fetch` (system proxy, OS certificate store) in the app; tests may wrap fetch. */
export type FetchLike = (input: string | URL, init?: FetchInit) => Promise<FetchReply>;

export type RequestBody =
  | { json: unknown }
  | { sdp: string }
  | { form: Record<string, string> }
  | { text: string; contentType: 'text/plain' | 'text/html' }
  | { multipart: string; contentType: `multipart/${string}` };

export type RequestOptions = {
  body?: RequestBody;
  /** Send the bearer token (default true). Discovery and the token request go without it. */
  authenticate?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A PUT replaces what the server holds only if it is still this version (the ETag of the GET it changes). */
  ifMatch?: string;
  /** What the response may be (default application/json); contactPhoto asks for images. */
  accept?: string;
};

export type UcwaResponse = {
  status: number;
  url: URL;
  headers: FetchReply['headers'];
  /** The parsed JSON body, or undefined for an empty body (204). */
  json: unknown;
};

/**
 * Reads a success's body as its chunks arrive (at most MAX_RESPONSE_BYTES in all); `where` names the
 * response in a MalformedError. The default reads it whole as JSON.
 */
export type BodyReader<T> = (chunks: AsyncIterable<Uint8Array>, where: string, headers: FetchReply['headers']) => Promise<T>;

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** UCWA is spoken over HTTPS; plain http only to this machine (the embedded local service). */
export function isAllowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * HTTP for the UCWA client, pinned to the origins discovery established: an href to any other origin
 * is refused before a request is made, so the bearer token never leaves those origins.
 */
export class UcwaHttp {
  readonly #origins = new Set<string>();
  #authorization: string | undefined;

  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly userAgent: string,
  ) {}

  /** Adds an origin the client may talk to. Plain http is allowed only on loopback (the local service). */
  allowOrigin(url: URL): void {
    this.#assertScheme(url, url.href);
    this.#origins.add(url.origin);
  }

  isAllowed(url: URL): boolean {
    return this.#origins.has(url.origin);
  }

  setToken(tokenType: string, accessToken: string): void {
    this.#authorization = `${tokenType} ${accessToken}`;
  }

  /** Resolves an href from a resource against its base and checks it is one we may follow. */
  resolve(href: string, base: URL): URL {
    const url = resolveHref(href, base);
    this.#assertScheme(url, href);
    if (!this.#origins.has(url.origin)) {
      throw new ForeignHrefError(href, `origin ${url.origin} was not established by discovery`);
    }
    return url;
  }

  /**
   * Called when an authenticated request gets 401: it should fetch a fresh token. The request is then
   * retried once, so an expired token costs one round trip and never a dropped event channel.
   */
  onUnauthorized: (() => Promise<void>) | undefined;

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: URL, options: RequestOptions = {}): Promise<UcwaResponse> {
    const { body, ...response } = await this.#renewingOn401(options, () => this.#send(method, url, options, readJson));
    return { ...response, json: body };
  }

  /** GETs (or POSTs) `url` and reads its body with `readBody` (the event channel's batches, read in slices; a batch's reply). */
  async read<T>(url: URL, readBody: BodyReader<T>, options: RequestOptions & { method?: 'GET' | 'POST' } = {}): Promise<T> {
    return (await this.#renewingOn401(options, () => this.#send(options.method ?? 'GET', url, options, readBody))).body;
  }

  async #renewingOn401<T>(options: RequestOptions, send: () => Promise<T>): Promise<T> {
    const sentWith = this.#authorization;
    try {
      return await send();
    } catch (error) {
      const expired = error instanceof HttpError && error.status === 401 && options.authenticate !== false;
      if (!expired || !this.onUnauthorized || !this.#authorization) throw error;
      // Sent with a token another request's 401 has since renewed: sending it again with the new one is enough.
      if (this.#authorization === sentWith) await this.onUnauthorized();
      return send();
    }
  }

  async #send<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: URL,
    options: RequestOptions,
    readBody: BodyReader<T>,
  ): Promise<{ status: number; url: URL; headers: FetchReply['headers']; body: T }> {
    if (!this.#origins.has(url.origin)) throw new ForeignHrefError(url.href, `origin ${url.origin} is not allowed`);
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', 'User-Agent': this.userAgent };
    if (options.authenticate !== false && this.#authorization) headers['Authorization'] = this.#authorization;
    if (options.ifMatch !== undefined) headers['If-Match'] = options.ifMatch;
    const body = encodeBody(options.body, headers);
    const abort = requestSignal(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal);
    try {
      const response = await this.fetchImpl(url, { method, headers, body, signal: abort.signal, redirect: 'manual' });
      const chunks = cappedChunks(response, MAX_RESPONSE_BYTES);
      if (response.status < 200 || response.status >= 300) {
        const detail = parseErrorBody(await textOf(chunks));
        throw new HttpError(response.status, url.href, detail.code, detail.subcode, response.headers.get('www-authenticate') ?? undefined);
      }
      return { status: response.status, url, headers: response.headers, body: await readBody(chunks, `response from ${url.pathname}`, response.headers) };
    } catch (error) {
      if (error instanceof UcwaError) throw error;
      throw new NetworkError(url.href, error);
    } finally {
      abort.release();
    }
  }

  get(url: URL, options?: RequestOptions): Promise<UcwaResponse> {
    return this.request('GET', url, options);
  }

  post(url: URL, options?: RequestOptions): Promise<UcwaResponse> {
    return this.request('POST', url, options);
  }

  #assertScheme(url: URL, href: string): void {
    if (!isAllowedScheme(url)) throw new ForeignHrefError(href, `scheme ${url.protocol} is not allowed`);
  }
}

/**
 * One request's signal: aborted by the caller's signal or after `timeoutMs`, and letting go of both when
 * the request ends. AbortSignal.timeout's timer would outlive the request (by minutes for a P-GET), and
 * AbortSignal.any leaves a reference behind on a long-lived signal (Node 20: the event channel's) per call.
 */
function requestSignal(timeoutMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  const abortWithOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) abortWithOuter();
  else outer?.addEventListener('abort', abortWithOuter, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abortWithOuter);
    },
  };
}

function encodeBody(body: RequestBody | undefined, headers: Record<string, string>): string | undefined {
  if (!body) return undefined;
  if ('json' in body) {
    headers['Content-Type'] = 'application/json';
    return JSON.stringify(body.json);
  }
  if ('sdp' in body) {
    headers['Content-Type'] = 'application/sdp';
    return body.sdp;
  }
  if ('form' in body) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    return new URLSearchParams(body.form).toString();
  }
  if ('multipart' in body) {
    headers['Content-Type'] = body.contentType;
    return body.multipart;
  }
  headers['Content-Type'] = `${body.contentType};charset=UTF-8`;
  return body.text;
}

/**
 * The body's chunks; past `maxBytes` a MalformedError is thrown. A body left unread (too large, refused as
 * it was read) is cancelled as the loop is left, so its connection is let go.
 */
async function* cappedChunks(response: FetchReply, maxBytes: number): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new MalformedError('response', `body larger than ${maxBytes} bytes`);
    yield chunk;
  }
}

export async function textOf(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all).toString('utf8');
}

async function readJson(chunks: AsyncIterable<Uint8Array>, where: string): Promise<unknown> {
  return parseJsonBody(await textOf(chunks), where);
}

/** A body's JSON (undefined for an empty body), or a MalformedError naming the response. */
export function parseJsonBody(text: string, where: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJsonText(text);
  } catch {
    throw new MalformedError(where, 'body is not valid JSON');
  }
}

/** A UCWA error body's code and subcode, where it has them. */
export function parseErrorBody(text: string): { code?: string; subcode?: string } {
  try {
    const body = parseJsonText(text);
    if (body && typeof body === 'object') {
      const { code, subcode } = body as Record<string, unknown>;
      return {
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof subcode === 'string' ? { subcode } : {}),
      };
    }
  } catch {
    // Error bodies are optional (only `code` is documented as guaranteed); an unreadable one adds nothing.
  }
  return {};
}
