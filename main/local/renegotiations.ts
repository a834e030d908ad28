// The audioVideoSession of a connected incoming call and its renegotiations (UCWA: audioVideoSession,
// renegotiations, audioVideoRenegotiation, answer, dismiss). UCWA has no hold link: either side holds or
// resumes with a new SDP offer (RFC 3264: sendonly or inactive, then sendrecv), one at a time per call.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { ServiceEvent } from './eventQueue.js';
import { audioVideoRenegotiation, audioVideoSession, audioVideoSessionHref } from './resources.js';
import { created, noContent, parseJson, parseRequest, readBody, readSdpBody, sendJson, ServiceError } from './serviceHttp.js';
import type { LocalApplication } from './localApplication.js';
import { newId } from '../ucwa/ids.js';

/** ReNegotiationDeclineReason: why the user dismissed the other side's offer. */
const dismissSchema = z.object({
  reason: z
    .enum([
      'Conflict',
      'EncryptionMismatch',
      'InsufficientBandwidth',
      'InvalidMediaOffer',
      'IPv6NotSupported',
      'MediaAllocationFailure',
      'UnsupportedMedia',
      'Unknown',
    ])
    .optional(),
});

const CALLER_CANNOT_ANSWER = { code: 'RemoteFailure', subcode: 'UnsupportedMediaType', message: 'Unsupported media.' };

type Renegotiation = {
  href: string;
  direction: 'Incoming' | 'Outgoing';
  operationId: string;
  offerSdp: string;
  answerSdp?: string;
  /** An incoming offer until the user answers or dismisses it: settles the caller's promise. */
  awaitingUser?: { resolve(answerSdp: string): void; reject(error: Error): void };
};

export type AudioVideoSessionOptions = {
  app: LocalApplication;
  conversationPath: string;
  sessionContext: string;
  /** The caller's answer to the user's new offer; without it, or when it rejects, the renegotiation fails. */
  callerAnswers: ((offerSdp: string) => Promise<string>) | undefined;
  /** Leave the answer out of the 201, so the client learns it from the `completed` event only. */
  answerInEventOnly: boolean;
};

export class AudioVideoSession {
  readonly #renegotiations = new Map<string, Renegotiation>();
  /** The one renegotiation in progress, whichever side offered. */
  #inProgress: Renegotiation | undefined;
  #nextId = 1;
  #ended = false;
  #settleEnded = (): void => undefined;
  /** Settles when the call ends, so that the user's offer stops waiting for the caller. */
  readonly #whenEnded = new Promise<undefined>((resolve) => (this.#settleEnded = () => resolve(undefined)));

  constructor(private readonly options: AudioVideoSessionOptions) {}

  get #href(): string {
    return audioVideoSessionHref(this.options.conversationPath);
  }

  /** Serves `{session}{rest}`: the session, its renegotiations, and the answer and dismiss of an incoming one. */
  async route(rest: string, method: string, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (rest === '' && method === 'GET') return sendJson(response, 200, audioVideoSession(this.options.conversationPath, this.options.sessionContext));
    if (rest === '/renegotiations' && method === 'POST') return this.#offerFromUser(request, response, url);
    const [, id = '', action] = /^\/renegotiations\/(\d+)(\/answer|\/dismiss)?$/.exec(rest) ?? [];
    const renegotiation = this.#renegotiations.get(id);
    if (renegotiation && !action && method === 'GET') return sendJson(response, 200, this.#json(renegotiation));
    if (renegotiation?.direction === 'Incoming' && action && method === 'POST') {
      await (action === '/answer' ? this.#answer(renegotiation, request) : this.#dismiss(renegotiation, request));
      return noContent(response);
    }
    throw new ServiceError(404, 'NotFound');
  }

  /** The caller's new offer (they hold or resume): settles with the user's answer, rejects when dismissed or ended. */
  offerFromCaller(offerSdp: string): Promise<string> {
    if (this.#inProgress) return Promise.reject(new Error('Another renegotiation is in progress'));
    return new Promise((resolve, reject) => {
      const renegotiation = this.#begin('Incoming', newId(), offerSdp);
      renegotiation.awaitingUser = { resolve, reject };
      this.#push({ type: 'started' }, renegotiation);
    });
  }

  /** The call ended: an offer waiting for the user fails, and one waiting for the caller gets 409. */
  end(): void {
    this.#ended = true;
    this.#settleEnded();
    if (this.#inProgress) this.#release(this.#inProgress)?.reject(new Error('The call ended'));
  }

  /** POST renegotiations: the user's new offer goes to the caller; 201 once the caller answered or could not. */
  async #offerFromUser(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const operationId = url.searchParams.get('operationId') ?? '';
    if (operationId.length < 1 || operationId.length > 50) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    const offerSdp = await readSdpBody(request);
    this.#assertLive();
    if (this.#inProgress) throw new ServiceError(409, 'Conflict', 'AlreadyExists');
    const renegotiation = this.#begin('Outgoing', operationId, offerSdp);
    const answerSdp = await this.#callerAnswer(offerSdp).finally(() => this.#release(renegotiation));
    this.#assertLive();
    if (answerSdp === undefined) {
      created(response, renegotiation.href, this.#json(renegotiation));
      return this.#push({ type: 'completed', status: 'Failure', reason: CALLER_CANNOT_ANSWER }, renegotiation);
    }
    renegotiation.answerSdp = answerSdp;
    created(response, renegotiation.href, this.#json(this.options.answerInEventOnly ? { ...renegotiation, answerSdp: undefined } : renegotiation));
    this.#push({ type: 'completed', status: 'Success' }, renegotiation);
  }

  /** The caller's answer, or undefined when the caller cannot answer; stops waiting when the call ends. */
  async #callerAnswer(offerSdp: string): Promise<string | undefined> {
    const { callerAnswers } = this.options;
    if (!callerAnswers) return undefined;
    return Promise.race([callerAnswers(offerSdp).catch(() => undefined), this.#whenEnded]);
  }

  async #answer(renegotiation: Renegotiation, request: IncomingMessage): Promise<void> {
    const answerSdp = await readSdpBody(request);
    const awaiting = this.#release(renegotiation);
    if (!awaiting) throw new ServiceError(409, 'Conflict');
    renegotiation.answerSdp = answerSdp;
    awaiting.resolve(answerSdp);
    this.#push({ type: 'completed', status: 'Success' }, renegotiation);
  }

  async #dismiss(renegotiation: Renegotiation, request: IncomingMessage): Promise<void> {
    const body = await readBody(request);
    const { reason = 'Unknown' } = parseRequest(dismissSchema, body.length ? parseJson(body) : {});
    const awaiting = this.#release(renegotiation);
    if (!awaiting) throw new ServiceError(409, 'Conflict');
    awaiting.reject(new Error(`The user dismissed the new offer (${reason})`));
    const declined = { code: 'LocalFailure', subcode: 'Declined', message: `The renegotiation was dismissed by the local user (${reason}).` };
    this.#push({ type: 'completed', status: 'Failure', reason: declined }, renegotiation);
  }

  /** Ends the renegotiation's turn; hands back what settles the caller's promise the first time only. */
  #release(renegotiation: Renegotiation): Renegotiation['awaitingUser'] {
    const { awaitingUser } = renegotiation;
    delete renegotiation.awaitingUser;
    if (this.#inProgress === renegotiation) this.#inProgress = undefined;
    return awaitingUser;
  }

  #begin(direction: Renegotiation['direction'], operationId: string, offerSdp: string): Renegotiation {
    const id = String(this.#nextId++);
    const renegotiation: Renegotiation = { href: `${this.#href}/renegotiations/${id}`, direction, operationId, offerSdp };
    this.#renegotiations.set(id, renegotiation);
    this.#inProgress = renegotiation;
    return renegotiation;
  }

  #assertLive(): void {
    if (this.#ended) throw new ServiceError(409, 'Conflict');
  }

  #json(renegotiation: Renegotiation) {
    return audioVideoRenegotiation({
      ...renegotiation,
      conversationPath: this.options.conversationPath,
      awaitingUser: renegotiation.awaitingUser !== undefined,
    });
  }

  #push(event: Pick<ServiceEvent, 'type' | 'status' | 'reason'>, renegotiation: Renegotiation): void {
    const { app } = this.options;
    app.events.push({
      sender: { rel: 'communication', href: `${app.path}/communication` },
      link: { rel: 'audioVideoRenegotiation', href: renegotiation.href },
      ...event,
      _embedded: { audioVideoRenegotiation: this.#json(renegotiation) },
    });
  }
}

/**
 * Serves `{conversation}/audioVideo/audioVideoSession{rest}` of a call: its session exists while the call
 * is connected; a new offer before or after gets 409, anything else 404.
 */
export function routeCallSession(
  session: AudioVideoSession | undefined,
  rest: string,
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  if (session) return session.route(rest, method, request, response, url);
  if (rest === '/renegotiations' && method === 'POST') throw new ServiceError(409, 'Conflict');
  throw new ServiceError(404, 'NotFound');
}
