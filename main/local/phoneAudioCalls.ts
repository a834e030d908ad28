// Calls via work the user places (communication's startPhoneAudio), as phoneAudioInvitation_ref describes
// them: the invitation starts Connecting and the server rings the user's own phone (the phoneAudio
// modality Connecting); once that phone answers, the invitation goes to the callee, whose phone rings
// (updated, Alerting: inference, no page shows the sequence); the callee answers (phoneAudio Connected,
// completed Success) or fails it as the directory scripts them. No media passes through the app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { ServiceEvent } from './eventQueue.js';
import type { LocalApplication } from './localApplication.js';
import { FAILURES, type CalleeScript, type ConversationRequest, type OutgoingCalls } from './outgoingCalls.js';
import { CANCELED, invitationJson, operationIdSchema, OUTCOMES, updatedEvent, type Outgoing } from './outgoingInvitation.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import * as shapes from './resources.js';
import type { FailureReason } from './resources.js';
import { created, noContent, parseRequest, readBody, readStartBody, sendJson, ServiceError, type Continued } from './serviceHttp.js';

/** How the user's own phone takes the server's call: answers at once, rings until the server gives up, or declines. */
export type YourPhoneScript = 'answers' | 'noAnswer' | 'declines';

/** (inference) The reasons a call via work fails on the user's own phone, before the callee is called. */
export const YOUR_PHONE_FAILURES: Record<Exclude<YourPhoneScript, 'answers'>, FailureReason> = {
  noAnswer: { code: 'RemoteFailure', subcode: 'Timeout', message: 'The user’s phone did not answer.' },
  declines: { code: 'RemoteFailure', subcode: 'Declined', message: 'The user’s phone declined the call.' },
};

/** "a digit string that can include "+" if the following digit string is an E.164 normalized number", as a tel: URI or bare. */
export const PHONE_NUMBER = /^(?:tel:)?\+?[0-9]{3,15}$/;

const startPhoneAudioSchema = z.object({
  to: z
    .string()
    .regex(/^(sip|tel):/)
    .max(2048),
  phoneNumber: z.string().max(100).optional(),
  operationId: operationIdSchema.optional(),
  importance: z.enum(['Normal', 'Urgent', 'Emergency']).optional(),
  subject: z.string().max(250).optional(),
  threadId: z.string().max(50).optional(),
});

/** What a test sees of a call via work: the number the server rang first, whom it is for, and where it is. */
export type PlacedPhoneCall = { readonly to: string; readonly phoneNumber: string; readonly state: Outgoing['state'] };

export type PhoneAudioCallsOptions = {
  nextId(): number;
  ringTimeoutMs: number;
  answerAfterMs: number;
  yourPhone: YourPhoneScript;
};

export class PhoneAudioCalls {
  readonly #placed: PlacedPhoneCall[] = [];

  constructor(
    private readonly ledger: OutgoingLedger,
    private readonly directory: Pick<OutgoingCalls, 'callee'>,
    private readonly options: PhoneAudioCallsOptions,
  ) {}

  /** The calls via work the user placed, oldest first (the last ten). */
  placed(): readonly PlacedPhoneCall[] {
    return this.#placed;
  }

  /** startPhoneAudio (or a log's continuePhoneAudio): 201 with the phoneAudioInvitation; the user's phone rings next. */
  async start(app: LocalApplication, request: IncomingMessage, response: ServerResponse, continued?: Continued): Promise<void> {
    const body = parseRequest(startPhoneAudioSchema, await readStartBody(request, continued));
    const phoneNumber = body.phoneNumber ?? app.phoneNumber;
    if (phoneNumber === undefined || !PHONE_NUMBER.test(phoneNumber)) throw new ServiceError(400, 'BadRequest', 'NormalizationFailed');
    const callee = this.directory.callee(body.to)?.person;
    const outgoing = this.ledger.create(app, 'phoneAudio', {
      conversationPath: `${app.path}/communication/conversations/${this.options.nextId()}`,
      subject: body.subject ?? '',
      to: body.to,
      operationId: body.operationId ?? '',
      phoneNumber,
      ...(body.threadId && { threadId: body.threadId }),
      ...(callee && { callee }),
    });
    this.ledger.opensConversation(outgoing);
    this.#placed.splice(0, this.#placed.length - 9);
    this.#placed.push({
      to: body.to,
      phoneNumber,
      get state() {
        return outgoing.state;
      },
    });
    created(response, outgoing.path, invitationJson(outgoing));
    app.events.push(modalityEvent(outgoing, 'Connecting'));
    setImmediate(() => this.#ringYourPhone(outgoing));
  }

  /** The requests on a call via work's conversation: itself, its phoneAudio, stopPhoneAudio. */
  async routeConversation(call: Outgoing, { method, resource, request, response }: ConversationRequest): Promise<void> {
    switch (resource ? `${method} ${resource}` : method) {
      case 'GET':
        return sendJson(response, 200, shapes.conversation(call.conversationPath, modalityState(call), call.threadId, call.subject));
      case 'GET /phoneAudio':
        return sendJson(response, 200, shapes.phoneAudio(call.conversationPath, modalityState(call)));
      case 'POST /phoneAudio/stopPhoneAudio':
        await readBody(request);
        if (call.state === 'Failed') throw new ServiceError(409, 'Conflict');
        // While the phones still ring it is cancelled, as by the invitation's cancel link.
        if (call.state === 'Connecting') this.ledger.fail(call, CANCELED);
        else this.#hangUp(call);
        return noContent(response);
      default:
        throw new ServiceError(405, 'MethodNotAllowed');
    }
  }

  /** The user's phone rings: as scripted, it answers (the callee is called next), or the call fails there. */
  #ringYourPhone(outgoing: Outgoing): void {
    if (outgoing.state !== 'Connecting') return;
    const { yourPhone, ringTimeoutMs } = this.options;
    if (yourPhone === 'declines') return this.ledger.fail(outgoing, YOUR_PHONE_FAILURES.declines);
    if (yourPhone === 'noAnswer') {
      outgoing.timer = setTimeout(() => this.ledger.fail(outgoing, YOUR_PHONE_FAILURES.noAnswer), ringTimeoutMs);
      return;
    }
    this.#callCallee(outgoing);
  }

  /** The user's phone answered: the callee is called and takes it as the directory scripts them. */
  #callCallee(outgoing: Outgoing): void {
    const script: CalleeScript | undefined = outgoing.callee && this.directory.callee(outgoing.callee.uri)?.script;
    if (script === undefined) return this.ledger.fail(outgoing, OUTCOMES.unknown);
    if (script === 'busy' || script === 'unreachable' || script === 'notAllowed') return this.ledger.fail(outgoing, FAILURES[script]);
    outgoing.alerting = true;
    outgoing.app.events.push(updatedEvent(outgoing));
    if (script === 'decline') return this.ledger.fail(outgoing, FAILURES.decline);
    const { ringTimeoutMs, answerAfterMs } = this.options;
    if (script === 'noAnswer') {
      outgoing.timer = setTimeout(() => this.ledger.fail(outgoing, FAILURES.noAnswer), ringTimeoutMs);
      return;
    }
    // Whoever answers a phone call answers it on a phone: early media and SDP dialects do not apply.
    outgoing.timer = setTimeout(() => {
      if (outgoing.state !== 'Connecting') return;
      this.ledger.connected(outgoing, () => [modalityEvent(outgoing, 'Connected')]);
    }, answerAfterMs);
  }

  /** The user ended a connected call via work: both phones hang up. */
  #hangUp(outgoing: Outgoing): void {
    this.ledger.release(outgoing);
    outgoing.state = 'Failed';
  }
}

/** The phoneAudio modality changed (its page: sender conversation, type updated). */
function modalityEvent({ conversationPath }: Outgoing, state: string): ServiceEvent {
  return {
    sender: { rel: 'conversation', href: conversationPath },
    link: { rel: 'phoneAudio', href: `${conversationPath}/phoneAudio` },
    type: 'updated',
    _embedded: { phoneAudio: shapes.phoneAudio(conversationPath, state) },
  };
}

function modalityState(call: Outgoing): 'Connecting' | 'Connected' | 'Disconnected' {
  return call.state === 'Failed' ? 'Disconnected' : call.state;
}
