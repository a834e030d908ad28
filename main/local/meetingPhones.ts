// The user's own phone joined to a meeting of the local service, as phoneAudio, addPhoneAudio and
// phoneAudioInvitation document it: the meeting conversation's phoneAudio offers addPhoneAudio (to: the
// meeting, phoneNumber: the user's phone); the invitation starts Connecting and the service rings that
// phone, as the service's yourPhone script says; once it answers, the phone is put into the conference
// (phoneAudio Connected, completed Success). stopPhoneAudio, or leaving the meeting, hangs it up.
import * as z from '../../preload/shared/zod/zod.js';
import type { ServiceEvent } from './eventQueue.js';
import type { ConversationRequest } from './outgoingCalls.js';
import { CANCELED, invitationJson, operationIdSchema, type Outgoing } from './outgoingInvitation.js';
import type { OutgoingLedger } from './outgoingLedger.js';
import { PHONE_NUMBER, YOUR_PHONE_FAILURES, type YourPhoneScript } from './phoneAudioCalls.js';
import * as shapes from './resources.js';
import { created, noContent, parseRequest, readBody, readJsonBody, sendJson, ServiceError } from './serviceHttp.js';

const addPhoneAudioSchema = z.object({
  operationId: operationIdSchema.optional(),
  phoneNumber: z.string().max(100).optional(),
  to: z.string().min(1).max(1024),
});

/** What a test sees of the user's phone in a meeting: each phone the meeting called, newest last, and where that call is. */
export type MeetingPhoneView = { readonly calls: readonly { readonly phoneNumber: string; readonly state: Outgoing['state'] }[] };

export type MeetingPhonesOptions = { yourPhone: YourPhoneScript; ringTimeoutMs: number };

export class MeetingPhones {
  readonly #calls = new WeakMap<object, Outgoing[]>();

  constructor(
    private readonly ledger: OutgoingLedger,
    private readonly options: MeetingPhonesOptions,
  ) {}

  /** The test's view of the phones the meeting `room` called. */
  view(room: object): MeetingPhoneView {
    const calls = () => this.#calls.get(room) ?? [];
    return {
      get calls() {
        return calls().map((call) => ({ phoneNumber: call.phoneNumber ?? '', state: call.state }));
      },
    };
  }

  /** The requests on the meeting conversation's phoneAudio; false for any other. */
  async route(meetingCall: Outgoing, { method, resource, request, response }: ConversationRequest): Promise<boolean> {
    switch (`${method} ${resource}`) {
      case 'GET /phoneAudio':
        sendJson(response, 200, phoneAudioJson(meetingCall));
        return true;
      case 'POST /phoneAudio/addPhoneAudio':
        await this.#add(meetingCall, request, response);
        return true;
      case 'POST /phoneAudio/stopPhoneAudio': {
        await readBody(request);
        const phone = meetingCall.phoneAudio;
        if (phone === undefined || phone.state === 'Failed') throw new ServiceError(409, 'Conflict');
        if (phone.state === 'Connecting') this.ledger.fail(phone, CANCELED);
        else this.#hangUp(meetingCall, phone);
        noContent(response);
        return true;
      }
      default:
        return false;
    }
  }

  /** addPhoneAudio: 201 with the phoneAudioInvitation; the user's phone rings next. */
  async #add(meetingCall: Outgoing, request: ConversationRequest['request'], response: ConversationRequest['response']): Promise<void> {
    const body = parseRequest(addPhoneAudioSchema, await readJsonBody(request));
    const phoneNumber = body.phoneNumber ?? meetingCall.app.phoneNumber;
    if (phoneNumber === undefined || !PHONE_NUMBER.test(phoneNumber)) throw new ServiceError(400, 'BadRequest', 'NormalizationFailed');
    if (body.to !== meetingCall.to) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    if (meetingCall.state !== 'Connected' || phoneState(meetingCall) !== 'Disconnected') throw new ServiceError(409, 'Conflict');
    const phone = this.ledger.create(meetingCall.app, 'phoneAudio', {
      conversationPath: meetingCall.conversationPath,
      subject: meetingCall.subject,
      to: meetingCall.to,
      operationId: body.operationId ?? '',
      threadId: meetingCall.threadId,
      phoneNumber,
    });
    meetingCall.phoneAudio = phone;
    if (meetingCall.meeting) this.#calls.set(meetingCall.meeting, [...(this.#calls.get(meetingCall.meeting) ?? []), phone].slice(-10));
    created(response, phone.path, invitationJson(phone));
    this.ledger.push(phone, phoneAudioEvent(meetingCall));
    setImmediate(() => this.#ringYourPhone(meetingCall, phone));
  }

  /** The user's phone rings: as scripted, it answers and joins the conference, or the invitation fails there. */
  #ringYourPhone(meetingCall: Outgoing, phone: Outgoing): void {
    if (phone.state !== 'Connecting') return;
    const { yourPhone, ringTimeoutMs } = this.options;
    if (yourPhone === 'declines') return this.#failed(meetingCall, phone, YOUR_PHONE_FAILURES.declines);
    if (yourPhone === 'noAnswer') {
      phone.timer = setTimeout(() => this.#failed(meetingCall, phone, YOUR_PHONE_FAILURES.noAnswer), ringTimeoutMs);
      return;
    }
    this.ledger.connected(phone, () => [phoneAudioEvent(meetingCall)]);
  }

  #failed(meetingCall: Outgoing, phone: Outgoing, reason: shapes.FailureReason): void {
    this.ledger.fail(phone, reason);
    this.ledger.push(phone, phoneAudioEvent(meetingCall));
  }

  /** stopPhoneAudio on a connected phone: it leaves the conference; the meeting goes on. */
  #hangUp(meetingCall: Outgoing, phone: Outgoing): void {
    this.ledger.release(phone);
    phone.state = 'Failed';
    this.ledger.push(phone, phoneAudioEvent(meetingCall));
  }
}

function phoneState(meetingCall: Outgoing): 'Connecting' | 'Connected' | 'Disconnected' {
  const state = meetingCall.phoneAudio?.state;
  return state === 'Connecting' || state === 'Connected' ? state : 'Disconnected';
}

/** The meeting conversation's phoneAudio: addPhoneAudio while the user is in and their phone is not, stopPhoneAudio while it is. */
function phoneAudioJson(meetingCall: Outgoing) {
  const state = phoneState(meetingCall);
  const json = shapes.phoneAudio(meetingCall.conversationPath, state);
  const addable = meetingCall.state === 'Connected' && state === 'Disconnected';
  return { ...json, _links: { ...json._links, ...(addable && { addPhoneAudio: { href: `${json._links.self.href}/addPhoneAudio` } }) } };
}

/** The phoneAudio modality of the meeting conversation changed (its page: sender conversation, type updated). */
function phoneAudioEvent(meetingCall: Outgoing): ServiceEvent {
  return {
    sender: { rel: 'conversation', href: meetingCall.conversationPath },
    link: { rel: 'phoneAudio', href: `${meetingCall.conversationPath}/phoneAudio` },
    type: 'updated',
    _embedded: { phoneAudio: phoneAudioJson(meetingCall) },
  };
}
