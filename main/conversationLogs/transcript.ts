// A past IM conversation's messages, read on demand from its log's conversationLogTranscripts
// (conversationLogTranscripts_ref, messageTranscript_ref): shown while the person looks, never kept. Each
// message's text is a data: link; one that is not, or is malformed, is left out and reported, the rest shown.
import * as z from '../../preload/shared/zod/zod.js';
import type { ChatLine } from '../../preload/shared/contract.js';
import { decodeDataUri } from '../ucwa/dataUri.js';
import { UcwaError } from '../ucwa/errors.js';
import { keptText } from '../ucwa/keptText.js';
import { linkedResourceSchema, linksSchema, parseWith, readLinks } from '../ucwa/resources.js';
import { readUcwaDate } from './logEntry.js';

/** The newest messages of a transcript shown. */
export const TRANSCRIPT_SHOWN = 200;

const transcriptsSchema = z.looseObject({
  _embedded: z.looseObject({ conversationLogTranscript: z.array(z.unknown()).max(5000).optional() }).optional(),
});
const transcriptSchema = z.looseObject({
  timeStamp: z.string().max(64).optional(),
  _links: linksSchema.optional(),
  _embedded: z.looseObject({ messageTranscript: linkedResourceSchema.optional() }).optional(),
});

export function readTranscript(json: unknown, onProblem: (error: UcwaError) => void): ChatLine[] {
  const all = parseWith(transcriptsSchema, json, 'conversationLogTranscripts')._embedded?.conversationLogTranscript ?? [];
  return all
    .flatMap((one, index) => {
      try {
        return lineOf(one, index);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        onProblem(error);
        return [];
      }
    })
    .slice(-TRANSCRIPT_SHOWN);
}

/** A message's line; none for an audio transcript (a call's). */
function lineOf(json: unknown, index: number): ChatLine[] {
  const field = `conversationLogTranscript[${index}]`;
  const transcript = parseWith(transcriptSchema, json, field);
  const message = transcript._embedded?.messageTranscript;
  if (!message) return [];
  const links = readLinks(message._links);
  const html = links.get('htmlMessage');
  const href = html ?? links.get('plainMessage');
  if (href === undefined || !/^data:/i.test(href)) return parseWith(z.never(), href, `${field}.messageTranscript._links`);
  const { text } = decodeDataUri(href, `${field}.messageTranscript._links`);
  return [
    {
      direction: readLinks(transcript._links).has('me') ? 'Outgoing' : 'Incoming',
      format: html !== undefined ? 'html' : 'plain',
      ...keptText(text),
      at: (transcript.timeStamp && readUcwaDate(transcript.timeStamp)) || 0,
    },
  ];
}
