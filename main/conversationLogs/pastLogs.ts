// What a Recent entry the server logged leads to: its continue links and its transcript, from the log as this
// session keeps it or, for one it does not (an older page, an earlier session), read from the server when
// asked and not kept; its lasting href is put back into this application's (a foreign one refused).
import type { ChatLine } from '../../preload/shared/contract.js';
import { UcwaError } from '../ucwa/errors.js';
import { orReported } from '../ucwa/orReported.js';
import type { Links } from '../ucwa/resources.js';
import type { ConversationLogsHooks, LogsClient } from './conversationLogs.js';
import { hrefOfLasting } from './historyOfLog.js';
import { readLogEntry } from './logEntry.js';
import { readTranscript } from './transcript.js';

/** How a past conversation is continued (a call, a video call, a message): through the first of these links it has. */
const CONTINUE_RELS = {
  audio: ['continueAudio', 'continueAudioVideo'],
  video: ['continueAudioVideo'],
  phone: ['continuePhoneAudio'],
  message: ['continueMessaging'],
} as const;
export type ContinueHow = keyof typeof CONTINUE_RELS;

export type KeptLog = { url: URL; links: Links };

/** The href resolved by the client (foreign origins and schemes refused), or undefined with the typed error reported. */
export function resolvedOrReported(client: LogsClient, href: string, base: URL, onProblem: (error: UcwaError) => void): URL | undefined {
  try {
    return client.http.resolve(href, base);
  } catch (error) {
    if (!(error instanceof UcwaError)) throw error;
    onProblem(error);
    return undefined;
  }
}

export class PastLogs {
  constructor(
    private readonly client: LogsClient,
    private readonly hooks: Pick<ConversationLogsHooks, 'onProblem'>,
    private readonly kept: (lastingHref: string) => KeptLog | undefined,
  ) {}

  /** Where continuing the log kept under `lastingHref` (see lastingHrefOf) goes; undefined where it cannot be read now or has no such link: the call then starts anew. */
  async continueHref(lastingHref: string | undefined, how: ContinueHow): Promise<string | undefined> {
    const log = await this.#logOf(lastingHref);
    return log && this.#linkOf(log, CONTINUE_RELS[how])?.href;
  }

  /** An IM log's messages (conversationLogTranscripts), never kept: none where it links no transcript, undefined where it cannot be read now (reported). */
  async transcript(lastingHref: string | undefined): Promise<ChatLine[] | undefined> {
    const log = await this.#logOf(lastingHref);
    const url = log && this.#linkOf(log, ['conversationLogTranscripts']);
    if (!log || !url) return log && [];
    return this.#reported(async () => readTranscript((await this.client.getJson(url.href)).json, this.hooks.onProblem));
  }

  async #logOf(lastingHref: string | undefined): Promise<KeptLog | undefined> {
    if (!lastingHref) return undefined;
    const kept = this.kept(lastingHref);
    if (kept) return kept;
    const logsHref = this.client.communication.get('conversationLogs');
    const logs = logsHref === undefined ? undefined : this.#resolved(logsHref, this.client.base);
    const href = logs && hrefOfLasting(lastingHref, logs);
    const url = logs && href !== undefined ? this.#resolved(href, logs) : undefined;
    return url && this.#reported(async () => ({ url, links: readLogEntry((await this.client.getJson(url.href)).json).links }));
  }

  /** The first of `rels` the log links, resolved; a foreign one is reported. */
  #linkOf(log: KeptLog, rels: readonly string[]): URL | undefined {
    const link = rels.map((rel) => log.links.get(rel)).find((href) => href !== undefined);
    return link === undefined ? undefined : this.#resolved(link, log.url);
  }

  #resolved(href: string, base: URL): URL | undefined {
    return resolvedOrReported(this.client, href, base, this.hooks.onProblem);
  }

  #reported<T>(work: () => Promise<T>): Promise<T | undefined> {
    return orReported(work, (error) => this.hooks.onProblem(error));
  }
}
