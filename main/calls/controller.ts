import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CallSnapshot, DeclineReason } from '../../preload/contract.js';
import { parseInvitation } from '../ucwa/invitations.js';
import type { UcwaSession } from '../ucwa/client.js';
import { HttpError, MalformedError, UcwaError } from '../ucwa/errors.js';
import type { EventBatch, UcwaEvent } from '../ucwa/events.js';
import { linksSchema, parseWith, readLinks } from '../ucwa/resources.js';
import { AudioVideoCall } from './audioVideoCall.js';

const RECENT_LIMIT = 20;

const audioVideoSchema = z.looseObject({ state: z.string().max(64).optional(), _links: linksSchema.optional() });

export class UnknownCallError extends Error {
  override name = 'UnknownCallError';
}

/**
 * Keeps the calls of one signed-in application: applies event batches in order, performs the user's
 * actions on the server, and tells its listener whenever a snapshot would differ.
 */
export class CallsController {
  readonly #calls = new Map<string, AudioVideoCall>();
  readonly #byInvitation = new Map<string, AudioVideoCall>();
  #recent: CallSnapshot[] = [];

  constructor(
    private readonly session: UcwaSession,
    private readonly onChange: () => void,
    private readonly onProblem: (error: UcwaError) => void,
  ) {}

  snapshot(): { calls: CallSnapshot[]; recent: CallSnapshot[] } {
    return { calls: [...this.#calls.values()].map((call) => call.snapshot()), recent: [...this.#recent] };
  }

  /** After a resync: cached state may be stale, so every live call's invitation is fetched again. */
  async resync(): Promise<void> {
    for (const call of [...this.#calls.values()]) {
      try {
        const { url, json } = await this.session.getJson(call.invitationUrl.href);
        call.invitation = parseInvitation('audioVideoInvitation', json, url);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        if (error instanceof HttpError && error.status === 404) call.finish('failed', undefined, 'The call ended while the connection was interrupted.');
        else this.onProblem(error);
      }
    }
    this.#retireEnded();
  }

  /** The application was recreated: its calls and invitations no longer exist on the server. */
  applicationReplaced(): void {
    for (const call of this.#calls.values()) call.finish('failed', undefined, 'The connection to the server was lost.');
    this.#retireEnded();
  }

  async handleBatch(batch: EventBatch): Promise<void> {
    for (const event of batch.events) {
      try {
        await this.#handleEvent(event);
      } catch (error) {
        if (!(error instanceof UcwaError)) throw error;
        this.onProblem(error);
      }
    }
  }

  async answer(callId: string, sdp: string): Promise<void> {
    const call = this.#call(callId);
    const href = call.beginAction('answer');
    const query = call.invitation.sessionContext ? { sessionContext: call.invitation.sessionContext } : undefined;
    await this.#act(call, () =>
      this.session.post(href, call.invitationUrl, { body: { sdp }, ...(query && { query }) }),
    );
    call.answered();
    this.onChange();
  }

  async decline(callId: string, reason: DeclineReason = 'Local'): Promise<void> {
    const call = this.#call(callId);
    const href = call.beginAction('decline');
    await this.#act(call, () => this.session.post(href, call.invitationUrl, { body: { json: { reason } } }));
    call.finish('declined');
    this.#retireEnded();
  }

  async hangUp(callId: string): Promise<void> {
    const call = this.#call(callId);
    const audioVideoHref = call.beginAction('hangUp');
    await this.#act(call, async () => {
      const { url, json } = await this.session.getJson(audioVideoHref, call.invitationUrl);
      const links = readLinks(parseWith(audioVideoSchema, json, 'audioVideo')._links);
      const stop = links.get('stopAudioVideo');
      if (stop === undefined) throw new MalformedError('audioVideo._links.stopAudioVideo', 'missing');
      await this.session.post(stop, url);
    });
    call.finish('hungUp');
    this.#retireEnded();
  }

  /** A failed action leaves the call as it was unless the server says the invitation is gone. */
  async #act(call: AudioVideoCall, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      call.actionFailed();
      if (error instanceof HttpError && (error.status === 404 || error.status === 410)) {
        call.finish('failed', undefined, 'The call no longer exists on the server.');
        this.#retireEnded();
      }
      throw error;
    }
  }

  #call(callId: string): AudioVideoCall {
    const call = this.#calls.get(callId);
    if (!call) throw new UnknownCallError(`No active call ${callId}`);
    return call;
  }

  async #handleEvent(event: UcwaEvent): Promise<void> {
    if (event.sender.rel === 'communication' && event.rel === 'audioVideoInvitation') {
      await this.#onInvitationEvent(event);
    } else if (event.rel === 'audioVideo' && event.type === 'updated') {
      await this.#onAudioVideoUpdated(event);
    } else if (event.sender.rel === 'communication' && event.rel === 'conversation' && event.type === 'deleted') {
      this.#callInConversation(event.href)?.disconnectedByServer(event.reason);
      this.#retireEnded();
    }
  }

  async #onInvitationEvent(event: UcwaEvent): Promise<void> {
    const url = new URL(event.href, this.session.base);
    const known = this.#byInvitation.get(url.href);
    if (event.type === 'completed') {
      if (!known) return;
      known.completed(event.status, event.reason);
      this.#retireEnded();
      return;
    }
    const invitation = parseInvitation(
      'audioVideoInvitation',
      event.embedded ?? (await this.session.getJson(event.href)).json,
      url,
    );
    if (known) {
      known.invitation = invitation;
      this.onChange();
      return;
    }
    if (event.type !== 'started' || invitation.direction !== 'Incoming') return;
    const call = new AudioVideoCall(randomUUID().replaceAll('-', ''), invitation, url);
    this.#calls.set(call.id, call);
    this.#byInvitation.set(url.href, call);
    this.onChange();
  }

  async #onAudioVideoUpdated(event: UcwaEvent): Promise<void> {
    const call = this.#callInConversation(event.sender.href);
    if (!call) return;
    const json = event.embedded ?? (await this.session.getJson(event.href)).json;
    const audioVideo = parseWith(audioVideoSchema, json, 'audioVideo');
    if (audioVideo.state === 'Disconnected') {
      call.disconnectedByServer(event.reason);
      this.#retireEnded();
    }
  }

  #callInConversation(href: string): AudioVideoCall | undefined {
    const target = new URL(href, this.session.base).href;
    for (const call of this.#calls.values()) {
      const conversation = call.conversationHref;
      if (conversation !== undefined && new URL(conversation, call.invitationUrl).href === target) return call;
    }
    return undefined;
  }

  /** Moves ended calls to the recent list and tells the listener. */
  #retireEnded(): void {
    for (const call of [...this.#calls.values()]) {
      if (call.phase !== 'ended') continue;
      this.#calls.delete(call.id);
      this.#byInvitation.delete(call.invitationUrl.href);
      this.#recent = [call.snapshot(), ...this.#recent].slice(0, RECENT_LIMIT);
    }
    this.onChange();
  }
}
