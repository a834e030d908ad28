// UCWA's `multipart/batching` (batch_ref, "Batching requests"): a body whose parts are each one HTTP message,
// `application/http; msgtype=request` in a batch POSTed to the batch resource and `msgtype=response` in its
// reply, in the same order. Written and read here for both sides, the client (batch.ts) and the local
// service; the MIME itself is read by the one multipart reader (preload/shared/multipart.ts).
import { randomUUID } from 'node:crypto';
import { mediaTypeParameter, MultipartError, readHttpMessage, splitMultipart, TooManyPartsError, type MimeHeaders } from '../../preload/shared/multipart.js';
import { MalformedError } from './errors.js';

/** The server-side limit the documentation gives (100 outstanding requests a user), and so the most parts a batch or its reply may have. */
export const MAX_BATCH_PARTS = 100;

export type MessageType = 'request' | 'response';

/** One HTTP message of a batch: its start line (`GET /path HTTP/1.1`, `HTTP/1.1 200 OK`), headers (names in lower case) and body. */
export type BatchedMessage = { startLine: string; headers: MimeHeaders; body: string };

/** A `multipart/batching` body of these messages, each written as start line, headers, blank line, body; and its Content-Type. */
export function writeBatching(messages: readonly BatchedMessage[], type: MessageType): { contentType: `multipart/batching; ${string}`; body: string } {
  const boundary = randomUUID();
  const parts = messages.map(({ startLine, headers, body }) => {
    const headerLines = [...headers].map(([name, value]) => `${name}: ${value}\r\n`).join('');
    return `--${boundary}\r\nContent-Type: application/http; msgtype=${type}\r\n\r\n${startLine}\r\n${headerLines}\r\n${body}\r\n`;
  });
  return { contentType: `multipart/batching; boundary="${boundary}"` as const, body: `${parts.join('')}--${boundary}--\r\n` };
}

/** A batch of more parts than its reader takes. */
export class TooManyInBatchError extends MalformedError {
  override name = 'TooManyInBatchError';
}

/**
 * The messages of a `multipart/batching` body, given its Content-Type (`where` names it); a MalformedError
 * when it is not one or a part is not an `application/http` message of `type`, a TooManyInBatchError when
 * it has more than `maxParts`.
 */
export function readBatching(contentType: string, body: string, type: MessageType, where: string, maxParts = MAX_BATCH_PARTS): BatchedMessage[] {
  if (!/^multipart\/batching\s*(;|$)/i.test(contentType)) throw new MalformedError(where, 'not multipart/batching');
  try {
    return splitMultipart(`Content-Type: ${contentType}\r\n\r\n${body}`, maxParts).map(({ headers, body: message }) => {
      const partType = headers.get('content-type') ?? '';
      if (!/^application\/http\s*(;|$)/i.test(partType) || mediaTypeParameter(partType, 'msgtype')?.toLowerCase() !== type) {
        throw new MalformedError(where, `a part is not an application/http ${type}`);
      }
      return readHttpMessage(message);
    });
  } catch (error) {
    if (error instanceof TooManyPartsError) throw new TooManyInBatchError(where, error.message);
    if (error instanceof MultipartError) throw new MalformedError(where, error.message);
    throw error;
  }
}
