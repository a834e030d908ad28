// The user's call forwarding as the local service keeps it (callForwardingSettings_ref and the pages of
// its links): the active setting (None, ImmediateForward, SimultaneousRing) and period (Always, Workhours),
// the three embedded settings with their targets and ring delays, changed by PUT and by POSTs to the
// documented links. Every change is told to the user's applications with an `updated` event from `me`
// (no page documents the event; `me` is the sender of the user's other settings' events).
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { LocalApplication } from './localApplication.js';
import type { Person } from './resources.js';
import { noContent, parseJson, parseRequest, readBody, sendJson, ServiceError } from './serviceHttp.js';

const IMMEDIATE = ['immediateForwardToContact', 'immediateForwardToDelegates', 'immediateForwardToVoicemail'] as const;
const SIMULTANEOUS = ['simultaneousRingToContact', 'simultaneousRingToDelegates', 'simultaneousRingToTeam'] as const;
const UNANSWERED = ['resetUnansweredCallSettings', 'unansweredCallToContact', 'unansweredCallToVoicemail'] as const;
type Action = (typeof IMMEDIATE)[number] | (typeof SIMULTANEOUS)[number] | (typeof UNANSWERED)[number] | 'turnOffCallForwarding';
/** Each link's path under callForwardingSettings, and what it does. */
const ACTIONS = new Map<string, Action>([
  ['turnOffCallForwarding', 'turnOffCallForwarding'],
  ...IMMEDIATE.map((action) => [`immediateForwardSettings/${action}`, action] as const),
  ...SIMULTANEOUS.map((action) => [`simultaneousRingSettings/${action}`, action] as const),
  ...UNANSWERED.map((action) => [`unansweredCallSettings/${action}`, action] as const),
]);

/** The unanswered-call delay a reset restores (the documented range is 5 to 60 s). */
export const DEFAULT_UNANSWERED_DELAY_S = 20;

/** A number or contact, as the pages ask: a tel: or sip: URI of at most 80 characters. */
const targetSchema = z
  .string()
  .max(80)
  .regex(/^(sip:[^\s;?]+@[^\s;?]+|tel:\+?[0-9]{3,20})$/);
const putSchema = z.object({
  activePeriod: z.enum(['Always', 'Workhours']).optional(),
  activeSetting: z.enum(['None', 'ImmediateForward', 'SimultaneousRing']).optional(),
  unansweredCallHandling: z.enum(['Enabled', 'Disabled']).optional(),
});
const contactSchema = z.object({ target: targetSchema });
const delegatesSchema = z.object({ ringDelay: z.number().int().min(0).max(55).optional() });
const unansweredSchema = z.object({ ringDelay: z.number().int().min(5).max(60).optional() });
const unansweredContactSchema = contactSchema.extend(unansweredSchema.shape);

export type ForwardingState = {
  activeSetting: 'None' | 'ImmediateForward' | 'SimultaneousRing';
  activePeriod: 'Always' | 'Workhours';
  unansweredCallHandling: 'Enabled' | 'Disabled';
  immediate: { target: 'None' | 'Contact' | 'Delegates' | 'Voicemail'; contact?: string };
  simultaneous: { target: 'None' | 'Contact' | 'Delegates' | 'Team'; contact?: string; ringDelay: number };
  unanswered: { target: 'None' | 'Contact' | 'Voicemail'; contact?: string; ringDelay: number };
};

/** turnOffCallForwarding's state: calls ring the user, unanswered ones go to voicemail. */
const turnedOff = (): ForwardingState => ({
  activeSetting: 'None',
  activePeriod: 'Always',
  unansweredCallHandling: 'Enabled',
  immediate: { target: 'None' },
  simultaneous: { target: 'None', ringDelay: 0 },
  unanswered: { target: 'Voicemail', ringDelay: DEFAULT_UNANSWERED_DELAY_S },
});

export type ForwardingSettingsOptions = {
  /** The user's delegates and team; with none, forwarding to them is 403 as documented. */
  delegates: readonly Person[];
  team: readonly Person[];
  /** The applications to tell of a change. */
  available(): readonly LocalApplication[];
  /** A contact a target names: the service serves it at people/{uri} from now on. */
  remember(uri: string): void;
};

export class ForwardingSettings {
  #state = turnedOff();

  constructor(private readonly options: ForwardingSettingsOptions) {}

  get state(): Readonly<ForwardingState> {
    return this.#state;
  }

  /** GET, PUT and the POSTs under `me/callForwardingSettings`. */
  async route(app: LocalApplication, method: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (app.guestId !== undefined) throw new ServiceError(403, 'Forbidden');
    const self = `${app.path}/me/callForwardingSettings`;
    const parts = path.slice(self.length).split('/').filter(Boolean);
    const json = settingsJson(app.path, this.#state);
    if (method === 'GET' && parts.length === 0) return sendJson(response, 200, json);
    if (method === 'GET' && parts.length === 1 && parts[0] && parts[0] in json._embedded) {
      return sendJson(response, 200, json._embedded[parts[0] as keyof typeof json._embedded]);
    }
    const raw = await readBody(request);
    const body = { ...(raw.length > 0 && parseJson(raw)), ...Object.fromEntries(new URL(request.url ?? '', 'http://x').searchParams) };
    if ('ringDelay' in body && typeof body.ringDelay === 'string') body.ringDelay = Number(body.ringDelay);
    if (method === 'PUT' && parts.length === 0) this.#state = { ...this.#state, ...parseRequest(putSchema, body) };
    else if (method === 'POST' && ACTIONS.has(parts.join('/'))) this.#act(ACTIONS.get(parts.join('/'))!, body);
    else throw new ServiceError(method === 'POST' ? 404 : 405, method === 'POST' ? 'NotFound' : 'MethodNotAllowed');
    this.#tell();
    noContent(response);
  }

  #act(action: Action, body: Record<string, unknown>): void {
    const state = this.#state;
    const contact = (): string => {
      const { target } = parseRequest(contactSchema, body);
      this.options.remember(target);
      return target;
    };
    const require = (people: readonly Person[], subcode: string) => {
      if (people.length === 0) throw new ServiceError(403, 'Forbidden', subcode);
    };
    const notImmediate = () => {
      if (state.activeSetting === 'ImmediateForward') throw new ServiceError(403, 'Forbidden');
    };
    switch (action) {
      case 'turnOffCallForwarding':
        this.#state = turnedOff();
        return;
      case 'immediateForwardToContact':
        this.#state = { ...state, activeSetting: 'ImmediateForward', immediate: { target: 'Contact', contact: contact() } };
        return;
      case 'immediateForwardToDelegates':
        require(this.options.delegates, 'NoDelegatesConfigured');
        this.#state = { ...state, activeSetting: 'ImmediateForward', immediate: { target: 'Delegates' } };
        return;
      case 'immediateForwardToVoicemail':
        this.#state = { ...state, activeSetting: 'ImmediateForward', immediate: { target: 'Voicemail' } };
        return;
      case 'simultaneousRingToContact':
        this.#state = { ...state, activeSetting: 'SimultaneousRing', simultaneous: { ...state.simultaneous, target: 'Contact', contact: contact() } };
        return;
      case 'simultaneousRingToDelegates':
      case 'simultaneousRingToTeam': {
        const delegates = action === 'simultaneousRingToDelegates';
        require(delegates ? this.options.delegates : this.options.team, delegates ? 'NoDelegatesConfigured' : 'NoTeamMembersConfigured');
        const ringDelay = parseRequest(delegatesSchema, body).ringDelay ?? state.simultaneous.ringDelay;
        this.#state = { ...state, activeSetting: 'SimultaneousRing', simultaneous: { target: delegates ? 'Delegates' : 'Team', ringDelay } };
        return;
      }
      case 'unansweredCallToContact': {
        notImmediate();
        const { ringDelay = state.unanswered.ringDelay } = parseRequest(unansweredContactSchema, body);
        this.#state = { ...state, unansweredCallHandling: 'Enabled', unanswered: { target: 'Contact', contact: contact(), ringDelay } };
        return;
      }
      case 'unansweredCallToVoicemail': {
        notImmediate();
        const { ringDelay = state.unanswered.ringDelay } = parseRequest(unansweredSchema, body);
        this.#state = { ...state, unansweredCallHandling: 'Enabled', unanswered: { target: 'Voicemail', ringDelay } };
        return;
      }
      case 'resetUnansweredCallSettings':
        this.#state = { ...state, unansweredCallHandling: 'Enabled', unanswered: turnedOff().unanswered };
    }
  }

  #tell(): void {
    for (const app of this.options.available()) {
      const href = `${app.path}/me/callForwardingSettings`;
      app.events.push({ sender: { rel: 'me', href: `${app.path}/me` }, link: { rel: 'callForwardingSettings', href }, type: 'updated' });
    }
  }
}

/** callForwardingSettings with its three settings embedded, as the reference's sample shows them. */
export function settingsJson(appPath: string, state: ForwardingState) {
  const self = `${appPath}/me/callForwardingSettings`;
  const links = (rel: string, names: readonly string[], contact: string | undefined) => ({
    self: { href: `${self}/${rel}` },
    ...(contact !== undefined && { contact: { href: `${appPath}/people/${encodeURIComponent(contact)}` } }),
    ...Object.fromEntries(names.map((name) => [name, { href: `${self}/${rel}/${name}` }])),
  });
  const { immediate, simultaneous, unanswered } = state;
  return {
    rel: 'callForwardingSettings',
    activePeriod: state.activePeriod,
    activeSetting: state.activeSetting,
    unansweredCallHandling: state.unansweredCallHandling,
    _links: { self: { href: self }, turnOffCallForwarding: { href: `${self}/turnOffCallForwarding` } },
    _embedded: {
      immediateForwardSettings: {
        rel: 'immediateForwardSettings',
        target: immediate.target,
        _links: links('immediateForwardSettings', IMMEDIATE, immediate.contact),
      },
      simultaneousRingSettings: {
        rel: 'simultaneousRingSettings',
        ringDelay: simultaneous.ringDelay,
        target: simultaneous.target,
        _links: links('simultaneousRingSettings', SIMULTANEOUS, simultaneous.contact),
      },
      unansweredCallSettings: {
        rel: 'unansweredCallSettings',
        ringDelay: unanswered.ringDelay,
        target: unanswered.target,
        _links: links('unansweredCallSettings', UNANSWERED, unanswered.contact),
      },
    },
  };
}
