// The local service's HTTP plumbing: UCWA-shaped errors, bodies with a size cap, JSON replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { decodeDataUri } from '../ucwa/dataUri.js';
import { isPlausibleSdp } from './plausibleSdp.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** A synchronous UCWA error: HTTP status with the `code`/`subcode` body the reference pages list. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly subcode?: string,
  ) {
    super(`${code}${subcode ? `/${subcode}` : ''}`);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function noContent(response: ServerResponse): void {
  response.writeHead(204).end();
}

/** 201 with the new resource's Location and its representation. */
export function created(response: ServerResponse, location: string, body: unknown): void {
  response.setHeader('Location', location);
  sendJson(response, 201, body);
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ServiceError(413, 'EntityTooLarge');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** An `application/sdp` body (an offer or an answer), else 415, or 400 when it is no session description. */
export async function readSdpBody(request: IncomingMessage): Promise<string> {
  if (!request.headers['content-type']?.startsWith('application/sdp')) throw new ServiceError(415, 'UnsupportedMediaType');
  const sdp = (await readBody(request)).toString('utf8');
  if (!isPlausibleSdp(sdp)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return sdp;
}

/** The SDP of a request's mediaOffer (a data: link: addAudioVideo, startAudioVideo), else 400 ParameterValidationFailure. */
export function mediaOfferSdp(href: string): string {
  let offer;
  try {
    offer = decodeDataUri(href, 'mediaOffer');
  } catch {
    throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  }
  if (offer.mediaType !== 'application/sdp' || !isPlausibleSdp(offer.text)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return offer.text;
}

export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return parseJson(await readBody(request));
}

/** A conversation log's continue link posted to: the body it received (checked already) and the log's recipient. */
export type Continued = { readonly to: string; readonly body: Readonly<Record<string, unknown>> };

/** A start link's JSON object body, or a continue link's, addressed to the log's recipient. */
export async function readStartBody(request: IncomingMessage, continued: Continued | undefined): Promise<Record<string, unknown>> {
  return continued === undefined ? readJsonBody(request) : { ...continued.body, to: continued.to };
}

/** A JSON object body, else 400 BadRequest. */
export function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the documented 400 below.
  }
  throw new ServiceError(400, 'BadRequest');
}

/** A request body the schema accepts, else 400 ParameterValidationFailure. */
export function parseRequest<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
  return result.data;
}
