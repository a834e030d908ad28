// The calls the user places (communication's startAudioVideo and startAudio) to the people in the local
// service's directory, each of whom answers in a scripted way. The outgoing audioVideoInvitation goes as
// its page describes: started; updated with state Alerting while the callee's phone rings (inference:
// InvitationState has the value, no page shows the sequence); the answer in audioVideoNegotiation
// (mediaProvisionalAnswer first for early media, then mediaAnswer); the audioVideo modality Connected;
// updated Connected and completed Success. Or completed Failure with the reason, by itself after about
// 30 s without an answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import { newId } from '../ucwa/ids.js';
import type { AnsweringEndpoint } from './answeringPeer.js';
import type { LocalApplication } from './localApplication.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import {
  audioVideoEvent,
  CalleeRefusal,
  invitationJson,
  negotiationEvent,
  operationIdSchema,
  OUTCOMES,
  UNSUPPORTED_MEDIA,
  updatedEvent,
  type AudioVideoMedia,
  type Outgoing,
} from './outgoingInvitation.js';
import { AudioVideoSession, routeCallSession } from './renegotiations.js';
import * as shapes from './resources.js';
import type { FailureReason, Person } from './resources.js';
import { created, mediaOfferSdp, noContent, parseRequest, readBody, readStartBody, sendJson, ServiceError, type Continued } from './serviceHttp.js';

/**
 * How a callee takes a call: answers (after ringing, or with early media first, or with an answer the user
 * cannot take: no DTLS fingerprint, as from a client that speaks SDES only), answers only in the Skype for
 * Business dialect (sfbCallee.ts; `sfbEarlyMedia` with early media first), or fails it with a reason.
 * `chat` takes calls as `answer` does; it is there for instant messages, which it answers (see ImResponse).
 */
export type CalleeScript = Answering | 'chat' | 'decline' | 'busy' | 'noAnswer' | 'unreachable' | 'notAllowed';

const ANSWERING = ['answer', 'sfbAnswer', 'earlyMedia', 'sfbEarlyMedia', 'unusableAnswer', 'chat'] as const;
type Answering = (typeof ANSWERING)[number];
const isAnswering = (script: CalleeScript): script is Answering => (ANSWERING as readonly string[]).includes(script);

/**
 * How someone takes an IM invitation: accepts it (`chat`: and answers each message), lets it time out,
 * never says anything (`silent`), or fails it with the reason.
 */
export type ImResponse = 'accept' | 'chat' | 'noAnswer' | 'silent' | FailureReason;

/** The reason each callee who does not answer fails the call with (the completed event's). */
export const FAILURES: Record<Exclude<CalleeScript, Answering>, FailureReason> = {
  decline: OUTCOMES.decline,
  busy: { code: 'RemoteFailure', subcode: 'Busy', message: 'The remote party is busy.' },
  noAnswer: OUTCOMES.ignore,
  unreachable: { code: 'RemoteFailure', subcode: 'TemporarilyUnavailable', message: 'The remote is temporarily unavailable.' },
  notAllowed: { code: 'RemoteFailure', subcode: 'NotAllowed', message: 'The call is not allowed by policy.' },
};

/** The callees of a fresh service, so that calling out works out of the box; tests add their own. */
export const DIRECTORY: ReadonlyArray<{ person: Person; script: CalleeScript }> = [
  { person: { name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' }, script: 'answer' },
  // Ada's phone number: calls to numbers (the Call field, tel: links) have a callee out of the box too. A
  // number is reached through the Mediation Server, which takes only the Skype for Business dialect.
  { person: { name: 'Ada Lovelace', uri: 'tel:+14255550123' }, script: 'sfbAnswer' },
  { person: { name: 'Edith Clarke', uri: 'sip:earlymedia@softphone.local' }, script: 'earlyMedia' },
  { person: { name: 'Annie Easley', uri: 'sip:sfb@softphone.local' }, script: 'sfbAnswer' },
  { person: { name: 'Radia Perlman', uri: 'sip:unusable@softphone.local' }, script: 'unusableAnswer' },
  { person: { name: 'Grace Hopper', uri: 'sip:chat@softphone.local' }, script: 'chat' },
  { person: { name: 'Dorothy Vaughan', uri: 'sip:declines@softphone.local' }, script: 'decline' },
  { person: { name: 'Katherine Johnson', uri: 'sip:busy@softphone.local' }, script: 'busy' },
  { person: { name: 'Mary Jackson', uri: 'sip:noanswer@softphone.local' }, script: 'noAnswer' },
  { person: { name: 'Hedy Lamarr', uri: 'sip:unreachable@softphone.local' }, script: 'unreachable' },
  { person: { name: 'Frances Allen', uri: 'sip:notallowed@softphone.local' }, script: 'notAllowed' },
];

const startCallSchema = z.object({
  to: z
    .string()
    .regex(/^(sip|tel):/)
    .max(2048),
  operationId: operationIdSchema,
  importance: z.enum(['Normal', 'Urgent', 'Emergency', 'Low', 'High']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
  sessionContext: z.string().max(50).optional(),
  joinAudioMuted: z.boolean().optional(),
  joinVideoMuted: z.boolean().optional(),
  _links: z.object({ mediaOffer: z.object({ href: z.string().max(256 * 1024) }) }),
});
/** A log's continueAudioVideo and continueAudio: their pages document no body at all, so not the operationId either. */
const continuedCallSchema = startCallSchema.extend({ operationId: operationIdSchema.optional() });

/** What a test sees of a call the user placed, and how it plays the callee. */
export type PlacedOutgoingCall = {
  readonly to: string;
  readonly state: Outgoing['state'];
  /** When (performance.now()) the service had read the whole startAudio/startAudioVideo request, for the bench. */
  readonly postedAt: number;
  /** The callee's media, answering the user's offer. */
  readonly media: AnsweringEndpoint;
  /** The callee answers now, whatever its script (a callee that rings or sends early media). */
  answer(): void;
  /** The callee hangs up a connected call. */
  hangUp(): void;
  /** The callee's new offer in the connected call (it holds or resumes): settles with the user's answer. */
  offerAgain(offerSdp: string): Promise<string>;
};

/** A request on a call's conversation: `resource` is the path under it ('' for the conversation itself). */
export type ConversationRequest = { method: string; resource: string; request: IncomingMessage; response: ServerResponse; url: URL };

const SESSION = '/audioVideo/audioVideoSession';

export type OutgoingCallsOptions = {
  nextId(): number;
  /** How long a callee's phone rings before it fails the call unanswered (UCWA: about 30 s). */
  ringTimeoutMs: number;
  /** How long a callee who answers lets it ring first. */
  answerAfterMs: number;
  /** Adds someone to the conversation (participantInvitations), as for any connected call. */
  addParticipant(app: LocalApplication, conversationPath: string, subject: string, request: IncomingMessage, response: ServerResponse): Promise<void>;
};

export class OutgoingCalls {
  readonly #callees = new Map<string, { person: Person; script: CalleeScript }>(DIRECTORY.map((callee) => [callee.person.uri, callee]));
  readonly #placed: PlacedOutgoingCall[] = [];

  constructor(
    private readonly ledger: OutgoingLedger,
    private readonly options: OutgoingCallsOptions,
  ) {}

  addCallee(person: Person, script: CalleeScript): void {
    this.#callees.set(person.uri, { person, script });
  }

  /** Someone who called the user answers when called back, as answers@ does, unless the directory says how they take calls. */
  addCaller(person: Person): void {
    if (person.uri !== '' && !this.#callees.has(person.uri)) this.#callees.set(person.uri, { person, script: 'answer' });
  }

  /** Someone in the directory and how they take calls; undefined for no one known. */
  callee(uri: string): { person: Person; script: CalleeScript } | undefined {
    return this.#callees.get(uri);
  }

  /** How the callee at `uri` takes an IM invitation, as they take calls; undefined for no one in the directory. */
  imResponse(uri: string): { person: Person; response: ImResponse } | undefined {
    const callee = this.#callees.get(uri);
    if (!callee) return undefined;
    const { person, script } = callee;
    if (script === 'chat' || script === 'noAnswer') return { person, response: script };
    return {
      person,
      response: isAnswering(script) ? 'accept' : FAILURES[script],
    };
  }

  /** The latest call the user placed to `uri`. */
  placedTo(uri: string): PlacedOutgoingCall | undefined {
    return this.#placed.findLast((placed) => placed.to === uri);
  }

  /** startAudioVideo, startAudio (or a log's continue link): an outgoing audioVideoInvitation with the user's offer, 201 with its Location. */
  async start(app: LocalApplication, request: IncomingMessage, response: ServerResponse, continued?: Continued): Promise<void> {
    const body = parseRequest(continued ? continuedCallSchema : startCallSchema, await readStartBody(request, continued));
    const postedAt = performance.now();
    // Loaded with the first call, before the checks, so nothing runs between them and the invitation.
    const callee = this.#callees.get(body.to);
    const { AnsweringPeer } = await import('./answeringPeer.js');
    const { SfbCallee } = await import('./sfbCallee.js');
    const offerSdp = mediaOfferSdp(body._links.mediaOffer.href);
    const outgoing = this.ledger.create(app, 'audioVideo', {
      conversationPath: `${app.path}/communication/conversations/${this.options.nextId()}`,
      subject: body.subject ?? '',
      to: body.to,
      operationId: body.operationId ?? '',
      ...(body.threadId && { threadId: body.threadId }),
      ...(callee && { callee: callee.person }),
    });
    const peer = callee?.script.startsWith('sfb') ? new SfbCallee(offerSdp) : new AnsweringPeer(offerSdp);
    const media: AudioVideoMedia = { peer, sessionContext: body.sessionContext ?? newId() };
    outgoing.media = media;
    this.ledger.opensConversation(outgoing);
    this.#placed.splice(0, this.#placed.length - 9);
    this.#placed.push({
      to: body.to,
      postedAt,
      media: media.peer,
      get state() {
        return outgoing.state;
      },
      answer: () => void this.#answer(outgoing, media),
      hangUp: () => this.#end(outgoing, 'callee'),
      offerAgain: (offerSdp) => outgoing.session?.offerFromCaller(offerSdp) ?? Promise.reject(new Error('No connected audio/video call')),
    });
    created(response, outgoing.path, invitationJson(outgoing));
    setImmediate(() => this.#ring(outgoing, media));
  }

  /** The requests on the call's conversation: itself, its audioVideo and audioVideoSession, adding someone. */
  async routeConversation(call: Outgoing, { method, resource, request, response, url }: ConversationRequest): Promise<void> {
    const whileConnected = () => {
      if (call.state !== 'Connected') throw new ServiceError(409, 'Conflict');
    };
    if (resource.startsWith(SESSION)) {
      return routeCallSession(call.state === 'Connected' ? call.session : undefined, resource.slice(SESSION.length), method, request, response, url);
    }
    switch (resource ? `${method} ${resource}` : method) {
      case 'GET':
        return sendJson(response, 200, shapes.conversation(call.conversationPath, conversationState(call), call.threadId, call.subject));
      case 'GET /audioVideo':
        return sendJson(response, 200, shapes.audioVideo(call.conversationPath, conversationState(call), { withSession: true }));
      case 'DELETE':
      case 'POST /audioVideo/stopAudioVideo':
        await readBody(request);
        whileConnected();
        this.#end(call, 'user');
        return noContent(response);
      case 'POST /participantInvitations':
        whileConnected();
        return this.options.addParticipant(call.app, call.conversationPath, call.subject, request, response);
      default:
        throw new ServiceError(405, 'MethodNotAllowed');
    }
  }

  /** The callee's phone rings, or the call fails at once (unknown, busy, unreachable, not allowed). */
  #ring(outgoing: Outgoing, media: AudioVideoMedia): void {
    if (outgoing.state !== 'Connecting') return;
    const script = this.#script(outgoing);
    if (script === undefined) return this.ledger.fail(outgoing, OUTCOMES.unknown);
    if (script === 'busy' || script === 'unreachable' || script === 'notAllowed') return this.ledger.fail(outgoing, FAILURES[script]);
    outgoing.alerting = true;
    outgoing.app.events.push(updatedEvent(outgoing));
    if (script === 'decline') return this.ledger.fail(outgoing, FAILURES.decline);
    if (script === 'noAnswer') {
      outgoing.timer = setTimeout(() => this.ledger.fail(outgoing, FAILURES.noAnswer), this.options.ringTimeoutMs);
      return;
    }
    if (script === 'earlyMedia' || script === 'sfbEarlyMedia') void this.#earlyMedia(outgoing, media);
    outgoing.timer = setTimeout(() => void this.#answer(outgoing, media), this.options.answerAfterMs);
  }

  #script(outgoing: Outgoing): CalleeScript | undefined {
    return outgoing.callee && this.#callees.get(outgoing.callee.uri)?.script;
  }

  /** Early media: the callee's answer goes out as provisional while it still rings, and its media flows. */
  async #earlyMedia(outgoing: Outgoing, media: AudioVideoMedia): Promise<void> {
    if (!(await this.#answered(outgoing, media)) || outgoing.state !== 'Connecting' || media.early === false) return;
    media.early = true;
    outgoing.app.events.push(negotiationEvent(outgoing, media));
  }

  /** The callee answers: the final answer (early media's again, if it sent one), then the call connects. */
  async #answer(outgoing: Outgoing, media: AudioVideoMedia): Promise<void> {
    if (!(await this.#answered(outgoing, media)) || outgoing.state !== 'Connecting') return;
    clearTimeout(outgoing.timer);
    media.early = false;
    if (this.#script(outgoing) === 'unusableAnswer') media.answerSdp = media.peer.answerSdp.replace(/^a=fingerprint:.*\r\n/gm, '');
    const { app, conversationPath } = outgoing;
    const callerAnswers = (offerSdp: string) => media.peer.renegotiate(offerSdp);
    outgoing.session = new AudioVideoSession({ app, conversationPath, sessionContext: media.sessionContext, callerAnswers, answerInEventOnly: false });
    this.ledger.connected(outgoing, () => [
      negotiationEvent(outgoing, media),
      audioVideoEvent(conversationPath, shapes.audioVideo(conversationPath, 'Connected', { withSession: true })),
    ]);
  }

  /** Whether the callee's peer could answer the offer; when it cannot, the call fails with its reason, else as unsupported media. */
  async #answered(outgoing: Outgoing, media: AudioVideoMedia): Promise<boolean> {
    try {
      await media.peer.answer();
      return true;
    } catch (error) {
      this.ledger.fail(outgoing, error instanceof CalleeRefusal ? error.reason : UNSUPPORTED_MEDIA);
      return false;
    }
  }

  /** A connected call ends; when the callee hangs up, the user hears the modality disconnect and the conversation go. */
  #end(outgoing: Outgoing, by: 'user' | 'callee'): void {
    if (outgoing.state !== 'Connected') return;
    this.ledger.release(outgoing);
    outgoing.session?.end();
    outgoing.state = 'Failed';
    if (by === 'user') return;
    const { conversationPath, app } = outgoing;
    app.events.push(audioVideoEvent(conversationPath, shapes.audioVideo(conversationPath, 'Disconnected')), {
      sender: { rel: 'communication', href: `${app.path}/communication` },
      link: { rel: 'conversation', href: conversationPath },
      type: 'deleted',
    });
  }
}

function conversationState(call: Outgoing): 'Connecting' | 'Connected' | 'Disconnected' {
  return call.state === 'Failed' ? 'Disconnected' : call.state;
}
