// The person's call forwarding on the server (me/callForwardingSettings) and their voicemail address
// (policies' voicemailUri): read at sign-in and again at each `updated` event about them, and changed
// through the documented links (turnOffCallForwarding, immediateForwardTo…, simultaneousRingTo…,
// unansweredCallTo…; PUT for the period and for unanswered calls left alone), then read back.
import type { ForwardingChoice, ForwardingContact, ForwardingSnapshot } from '../../preload/shared/contract.js';
import { CallTargetError, callTargetOf, type CallTarget } from '../calls/callTargets.js';
import { UnavailableActionError } from '../calls/errors.js';
import { readContact } from '../people/contactSummary.js';
import type { UcwaClient } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';
import type { EventBatch } from '../ucwa/events.js';
import { readForwarding, readVoicemailUri, type ReadForwarding, type ReadSetting } from './forwardingReader.js';
import { forwardingSentence } from './forwardingSentence.js';

/** The documented longest target (immediateForwardToContact_ref and its siblings). */
const MAX_TARGET_LENGTH = 80;

export type CallForwardingOptions = {
  onChange(): void;
  onProblem(error: UcwaError): void;
  /** Whether the administrator lets the person change it (policy `features.forwarding`). */
  changeAllowed(): boolean;
};

type Server = Pick<UcwaClient, 'getJson' | 'post' | 'base' | 'http' | 'application'>;

export class CallForwarding {
  #read: ReadForwarding | undefined;
  /** Whom each setting's `contact` link names, by href. */
  #contacts = new Map<string, ForwardingContact>();
  #voicemailUri: string | undefined;

  constructor(
    private readonly server: Server,
    private readonly options: CallForwardingOptions,
  ) {}

  /** policies' voicemailUri, where the server gives one: the address Call voicemail calls. */
  get voicemailUri(): string | undefined {
    return this.#voicemailUri;
  }

  /** Whom Call voicemail calls: the server's voicemailUri as it is (it has parameters, which a typed address may not). */
  voicemailTarget(): CallTarget {
    if (this.#voicemailUri === undefined) throw new UnavailableActionError('Your server gives no voicemail to call.');
    return { kind: 'sip', uri: this.#voicemailUri };
  }

  /** Reads the settings and the voicemail address, as at sign-in; what cannot be read is reported and stays as it was. */
  read(): Promise<void> {
    return this.#reportEach([this.#readSettings(), this.#readPolicies()]);
  }

  /** Reads the settings again when the batch says they changed (here, on another device, or by the server). */
  handleBatch(batch: EventBatch): Promise<void> {
    const about = (rel: string) => batch.events.some((event) => event.rel === rel && event.type !== 'deleted');
    return this.#reportEach([about('callForwardingSettings') && this.#readSettings(), about('policies') && this.#readPolicies()]);
  }

  /** Changes where calls go; a target is what the person typed (refused with a CallTargetError before anything is sent) or a contact's URI. */
  async set(choice: ForwardingChoice): Promise<void> {
    if (!this.options.changeAllowed()) throw new UnavailableActionError('Your administrator has locked call forwarding.');
    const read = this.#read;
    if (!read) throw new UnavailableActionError('The server does not let this app change call forwarding.');
    const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
    switch (choice.kind) {
      case 'off':
        return this.#change(read.links.get('turnOffCallForwarding'));
      case 'forward':
        return this.#change(
          read.immediate.links.get(`immediateForwardTo${capital(choice.to)}`),
          choice.to === 'contact' ? { target: targetOf(choice.target) } : {},
        );
      case 'simultaneous': {
        const body =
          choice.to === 'contact' ? { target: targetOf(choice.target) } : { ...(choice.delaySeconds !== undefined && { ringDelay: choice.delaySeconds }) };
        return this.#change(read.simultaneous.links.get(`simultaneousRingTo${capital(choice.to)}`), body);
      }
      case 'unanswered': {
        if (choice.to === 'none') return this.#put({ unansweredCallHandling: 'Disabled' });
        const body = {
          ...(choice.to === 'contact' && { target: targetOf(choice.target) }),
          ...(choice.delaySeconds !== undefined && { ringDelay: choice.delaySeconds }),
        };
        return this.#change(read.unanswered.links.get(`unansweredCallTo${capital(choice.to)}`), body);
      }
      case 'period':
        return this.#put({ activePeriod: choice.workHoursOnly ? 'Workhours' : 'Always' });
    }
  }

  snapshot(): ForwardingSnapshot | undefined {
    const read = this.#read;
    if (!read) return undefined;
    const mode = read.activeSetting === 'ImmediateForward' ? 'forward' : read.activeSetting === 'SimultaneousRing' ? 'simultaneous' : 'off';
    const setting = mode === 'forward' ? read.immediate : read.simultaneous;
    const target = mode === 'off' ? undefined : this.#target(setting);
    // The reference: unanswered call handling does not apply while calls are forwarded immediately.
    const unansweredTo = mode === 'forward' || !read.unansweredHandled ? 'none' : lower(read.unanswered.target);
    const unansweredTarget = unansweredTo === 'contact' ? this.#target(read.unanswered) : undefined;
    const described = {
      mode,
      ...(mode !== 'off' && setting.target !== 'None' && { to: lower(setting.target) as NonNullable<ForwardingSnapshot['to']> }),
      ...(target && { target }),
      simultaneousDelaySeconds: read.simultaneous.ringDelay,
      unanswered: { to: unansweredTo, ...(unansweredTarget && { target: unansweredTarget }), delaySeconds: read.unanswered.ringDelay },
      workHoursOnly: read.workHoursOnly,
    } satisfies Omit<ForwardingSnapshot, 'sentence' | 'canChange'>;
    return { ...described, sentence: forwardingSentence(described), canChange: this.options.changeAllowed() };
  }

  #target(setting: ReadSetting<string>): ForwardingContact | undefined {
    const href = setting.links.get('contact');
    return setting.target === 'Contact' && href !== undefined ? this.#contacts.get(href) : undefined;
  }

  async #change(href: string | undefined, json: Record<string, unknown> = {}): Promise<void> {
    if (href === undefined) throw new UnavailableActionError('The server does not offer this way of forwarding calls.');
    await this.server.post(href, this.server.base, { body: { json } });
    await this.#readSettings();
  }

  async #put(json: Record<string, string>): Promise<void> {
    const href = this.#read?.links.get('self') ?? this.server.application.me.get('callForwardingSettings');
    if (href === undefined) throw new UnavailableActionError('The server does not let this app change call forwarding.');
    await this.server.http.request('PUT', this.server.http.resolve(href, this.server.base), { body: { json: { rel: 'callForwardingSettings', ...json } } });
    await this.#readSettings();
  }

  async #readSettings(): Promise<void> {
    const href = this.server.application.me.get('callForwardingSettings');
    if (href === undefined) return;
    const read = readForwarding((await this.server.getJson(href)).json);
    const contacts = new Map<string, ForwardingContact>();
    for (const setting of [read.immediate, read.simultaneous, read.unanswered]) {
      const contact = setting.links.get('contact');
      if (setting.target !== 'Contact' || contact === undefined || contacts.has(contact)) continue;
      const { person } = readContact((await this.server.getJson(contact)).json, 'contact');
      contacts.set(contact, { uri: person.uri, name: person.name });
    }
    this.#read = read;
    this.#contacts = contacts;
    this.options.onChange();
  }

  async #readPolicies(): Promise<void> {
    const href = this.server.application.policies;
    if (href === undefined) return;
    this.#voicemailUri = readVoicemailUri((await this.server.getJson(href)).json);
    this.options.onChange();
  }

  /** Waits for each read; one that fails is reported and leaves what it reads as it was. */
  async #reportEach(reads: ReadonlyArray<Promise<void> | false>): Promise<void> {
    const settled = await Promise.allSettled(reads);
    for (const result of settled) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof UcwaError)) throw result.reason;
      this.options.onProblem(result.reason);
    }
  }
}

/** A target as the person typed it, as the server takes it: a tel: or sip: URI of at most 80 characters. */
function targetOf(typed: string | undefined): string {
  if (typed === undefined) throw new CallTargetError('empty', 'Choose a person or type a number to forward calls to.');
  const { uri } = callTargetOf(typed);
  if (uri.length > MAX_TARGET_LENGTH) throw new CallTargetError('tooLong', `Calls can be forwarded to addresses of at most ${MAX_TARGET_LENGTH} characters.`);
  return uri;
}

const lower = <T extends string>(value: T) => value.toLowerCase() as Lowercase<T>;
