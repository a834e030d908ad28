// The local service's batch resource (batch_ref, "Batching requests"): one POST of `multipart/batching`,
// each part one request, answered 200 with `multipart/batching`, each part that request's response in the
// order asked. Every part is served by the service's own routes as if it had come alone, with the batch's
// token and Host; they run at once, as the documentation allows. A body that is no batch is refused with
// 400 before any part runs, so is a batch holding what may not be batched (another batch, the event
// channel, a photo), and one of more than 100 parts with 429 TooManyRequests, as documented.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { readBatching, TooManyInBatchError, writeBatching, type BatchedMessage } from '../ucwa/batchFormat.js';
import { MalformedError } from '../ucwa/errors.js';
import { readBody, ServiceError } from './serviceHttp.js';

// Not `import { … } from 'node:http'`: on Node 24 (Electron's) that loads undici (see eslint.config.js).
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/** Serves one request as the service would, whatever it throws answered on `response`. */
export type ServeOne = (request: IncomingMessage, response: ServerResponse) => Promise<unknown>;

const REQUEST_LINE = /^(GET|POST|PUT|DELETE) (\S{1,4096}) HTTP\/1\.[01]$/;
/** What a batch may not carry (Batching requests, Limitations). */
const NOT_BATCHED = /\/(?:batch|events|contactPhoto|photos(?:\/[^/]*)?)$/;

/** Answers a batch POST; resolves with the number of parts served. */
export async function serveBatch(request: IncomingMessage, response: ServerResponse, origin: string, serveOne: ServeOne): Promise<number> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/batching\s*(;|$)/i.test(contentType)) throw new ServiceError(415, 'UnsupportedMediaType');
  const parts = readParts(contentType, (await readBody(request)).toString('utf8')).map((part) => partRequest(part, request, origin));
  const answers = await Promise.all(
    parts.map(async (part) => {
      const answer = new PartResponse();
      await Promise.all([serveOne(part, answer as unknown as ServerResponse), answer.ended]);
      return answer.message();
    }),
  );
  const reply = writeBatching(answers, 'response');
  response.writeHead(200, { 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
  return parts.length;
}

function readParts(contentType: string, body: string): BatchedMessage[] {
  try {
    return readBatching(contentType, body, 'request', 'batch');
  } catch (error) {
    if (error instanceof TooManyInBatchError) throw new ServiceError(429, 'TooManyRequests');
    if (error instanceof MalformedError) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    throw error;
  }
}

/** A part as the routes take a request: its method, path, headers and body, with the batch's Authorization and Host. */
function partRequest({ startLine, headers, body }: BatchedMessage, batch: IncomingMessage, origin: string): IncomingMessage {
  const [, method, target = ''] = REQUEST_LINE.exec(startLine) ?? [];
  const url = URL.canParse(target, origin) ? new URL(target, origin) : undefined;
  if (!method || url?.origin !== origin || NOT_BATCHED.test(url.pathname)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return Object.assign(Readable.from(body ? [Buffer.from(body)] : []), {
    method,
    url: `${url.pathname}${url.search}`,
    headers: { ...Object.fromEntries(headers), host: batch.headers.host, authorization: batch.headers.authorization },
  }) as unknown as IncomingMessage;
}

/** What the routes write of a response (sendJson, noContent, created), kept to be written as a part. */
class PartResponse {
  statusCode = 200;
  headersSent = false;
  readonly destroyed = false;
  readonly ended: Promise<void>;
  readonly #headers = new Map<string, string>();
  #body = '';
  #end!: () => void;

  constructor() {
    this.ended = new Promise((resolve) => (this.#end = resolve));
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    return this;
  }

  writeHead(status: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  end(body?: string | Buffer): this {
    this.headersSent = true;
    this.#body += body?.toString() ?? '';
    this.#end();
    return this;
  }

  on(): this {
    return this;
  }

  message(): BatchedMessage {
    return { startLine: `HTTP/1.1 ${this.statusCode} ${STATUS_CODES[this.statusCode] ?? ''}`.trimEnd(), headers: this.#headers, body: this.#body };
  }
}
