// Where calls to the user go, on the local service: their forwarding settings (me/callForwardingSettings),
// the rules applied to the calls it places to them, and their voicemail box, a callee at policies'
// voicemailUri that answers with a greeting tone (the answering peer's tone).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ForwardedCalls, officeHours, type ForwardedRing } from './forwardedCalls.js';
import { ForwardingSettings } from './forwardingSettings.js';
import type { PlacedCall } from './incomingCall.js';
import type { LocalApplication } from './localApplication.js';
import type { Person } from './resources.js';
import { sendJson, ServiceError } from './serviceHttp.js';

export type LocalForwardingOptions = {
  /** The user's delegates and team (default: Ada Lovelace; Grace Hopper and Annie Easley); empty: none configured. */
  delegates?: readonly Person[];
  team?: readonly Person[];
  /** How long a second of a ring delay lasts (tests shorten it); default 1000 ms. */
  secondMs?: number;
  /** Whether it is work hours now; default Monday to Friday, 8:00 to 17:00 local time. */
  workHours?: () => boolean;
};

export type { ForwardedRing } from './forwardedCalls.js';

export class LocalForwarding {
  readonly settings: ForwardingSettings;
  readonly #calls: ForwardedCalls;
  /** policies.voicemailUri: "The URI to call to check the user's voicemail", in the reference's form. */
  readonly voicemailUri: string;

  constructor(
    user: Person,
    options: LocalForwardingOptions,
    parts: {
      available(): readonly LocalApplication[];
      /** Someone a target names: the service serves them at people/{uri} from now on, keeping whom it knew. */
      remember(person: Person): void;
      addCallee(person: Person): void;
    },
  ) {
    this.voicemailUri = `${user.uri};opaque=app:voicemail`;
    parts.addCallee({ name: 'Voicemail', uri: this.voicemailUri });
    const delegates = options.delegates ?? [{ name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' }];
    const team = options.team ?? [
      { name: 'Grace Hopper', uri: 'sip:chat@softphone.local' },
      { name: 'Annie Easley', uri: 'sip:sfb@softphone.local' },
    ];
    this.settings = new ForwardingSettings({
      delegates,
      team,
      available: parts.available,
      remember: (uri) => parts.remember({ name: uri.replace(/^(sip|tel):/, ''), uri }),
    });
    this.#calls = new ForwardedCalls({
      settings: this.settings,
      voicemailUri: this.voicemailUri,
      delegates,
      team,
      secondMs: options.secondMs ?? 1000,
      workHours: options.workHours ?? (() => officeHours()),
    });
  }

  /** Everyone the service rang in the user's place or beside them, oldest first. */
  get rung(): readonly ForwardedRing[] {
    return this.#calls.rung;
  }

  /** A call from `from` to the user, under their forwarding settings. */
  place(from: Person, ringUser: () => PlacedCall): PlacedCall {
    return this.#calls.place(from, ringUser);
  }

  /** GET policies (policies_ref, with the voicemailUri) and everything under me/callForwardingSettings. */
  route(app: LocalApplication, method: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> | void {
    if (path !== `${app.path}/policies`) return this.settings.route(app, method, path, request, response);
    if (method !== 'GET') throw new ServiceError(405, 'MethodNotAllowed');
    sendJson(response, 200, { rel: 'policies', ...(app.guestId === undefined && { voicemailUri: this.voicemailUri }), _links: { self: { href: path } } });
  }
}
