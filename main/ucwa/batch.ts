// The client of UCWA's batch resource (batch_ref, "Batching requests"): many GETs in one POST of
// `multipart/batching`, the reply's parts read in order, each part's status that GET's own outcome (a 404
// for one person is theirs alone). A reply that is no batch, or has another number of parts than the
// requests sent, is a MalformedError for them all; a part that is no HTTP response, or whose JSON is
// unreadable, is one for that GET.
import { MAX_BATCH_PARTS, readBatching, writeBatching, type BatchedMessage } from './batchFormat.js';
import { ForeignHrefError, HttpError, MalformedError, type UcwaError } from './errors.js';
import { parseErrorBody, parseJsonBody, textOf, type UcwaHttp } from './http.js';

export type BatchOutcome = { url: URL; json: unknown } | { url: URL; error: UcwaError };

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/;

/** GETs `urls` (at most MAX_BATCH_PARTS, on the batch's own origin) in one batch POSTed to `batchUrl`; an outcome for each, in order. */
export async function getInBatch(http: UcwaHttp, batchUrl: URL, urls: readonly URL[]): Promise<BatchOutcome[]> {
  if (urls.length > MAX_BATCH_PARTS) throw new RangeError(`A batch holds at most ${MAX_BATCH_PARTS} requests`);
  const sent = urls.filter((url) => url.origin === batchUrl.origin);
  const request = writeBatching(
    sent.map((url) => ({
      startLine: `GET ${url.pathname}${url.search} HTTP/1.1`,
      headers: new Map([
        ['Host', url.host],
        ['Accept', 'application/json'],
      ]),
      body: '',
    })),
    'request',
  );
  const where = `batch reply from ${batchUrl.pathname}`;
  const replies = await http.read(
    batchUrl,
    async (chunks, _where, headers) => readBatching(headers.get('content-type') ?? '', await textOf(chunks), 'response', where),
    {
      method: 'POST',
      body: { multipart: request.body, contentType: request.contentType },
      accept: 'multipart/batching',
    },
  );
  if (replies.length !== sent.length) throw new MalformedError(where, `${replies.length} parts for ${sent.length} requests`);
  let next = 0;
  return urls.map((url) =>
    url.origin === batchUrl.origin
      ? outcomeOf(replies[next++]!, url)
      : { url, error: new ForeignHrefError(url.href, `not on the batch's origin ${batchUrl.origin}`) },
  );
}

function outcomeOf({ startLine, body }: BatchedMessage, url: URL): BatchOutcome {
  const status = Number(STATUS_LINE.exec(startLine)?.[1]);
  if (!status) return { url, error: new MalformedError(`batched response for ${url.pathname}`, 'no HTTP status line') };
  if (status < 200 || status >= 300) {
    const { code, subcode } = parseErrorBody(body);
    return { url, error: new HttpError(status, url.href, code, subcode) };
  }
  try {
    return { url, json: parseJsonBody(body, `batched response for ${url.pathname}`) };
  } catch (error) {
    if (!(error instanceof MalformedError)) throw error;
    return { url, error };
  }
}
