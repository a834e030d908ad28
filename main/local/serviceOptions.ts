// What the embedded service can be asked to be: test knobs, the server's policies and the people it knows.
import type { ServiceEvent } from './eventQueue.js';
import type { Flavour } from './flavour.js';
import type { LocalForwardingOptions } from './localForwarding.js';
import type { LocalPeopleOptions } from './localPeople.js';
import type { LocalPhone, StartLink } from './resources.js';
import type { GrantType } from './tokens.js';
import type { YourPhoneScript } from './outgoing.js';

export type LocalServiceOptions = {
  /**
   * Test knob: the longest an empty P-GET is held, whatever `timeout` asks (UCWA: 180 to 1800 s),
   * so tests can see an empty release without waiting three minutes.
   */
  maxHoldSeconds?: number;
  /** How long an invitation rings before it is missed, incoming or outgoing (UCWA: about 30 s). */
  ringTimeoutMs?: number;
  /** How long a callee in the directory who answers lets the user's call ring first; default 1.5 s. */
  calleeAnswerMs?: number;
  /** Put the invitation in `started` events (as servers do for incoming calls) or only link it. */
  embedInvitations?: boolean;
  /** Whether policy lets users answer on a phone (makeMeAvailable with PhoneAudio); default yes. */
  phoneAudioAllowed?: boolean;
  /** The links communication offers to start calls with (startAudioVideo, startAudio, startPhoneAudio); default all three. */
  startLinks?: readonly StartLink[];
  /** The user's phones, as me/phones lists them; default none. */
  phones?: readonly LocalPhone[];
  /** How the user's own phone takes a call via work (startPhoneAudio); default: it answers at once. */
  yourPhone?: YourPhoneScript;
  /** The rels of IM conversations the user starts (startMessaging and what follows): plain (default) or `ms:rtc:saas:`. */
  messagingFlavour?: Flavour;
  /** The grant types the 401 challenge offers; default all three. */
  grantTypes?: readonly GrantType[];
  /**
   * Test knob: the 201 to the user's new offer (renegotiations) leaves the caller's answer out, so the
   * client learns it only from the `completed` event (or a GET of the renegotiation).
   */
  renegotiationAnswerInEventOnly?: boolean;
  /** Observes every event batch an application's pending GET is released with (see EventQueueOptions.onRelease). */
  onEventsReleased?: (events: readonly ServiceEvent[]) => void;
  /** How long Medium and Low priority events (colleagues' presence, the user's own) wait for company before they go out; default 500 ms. */
  deferredEventsWaitMs?: number;
  /** Whether the service offers the batch resource (applications' `batch` link); default yes. */
  batch?: boolean;
  /** The user's delegates and team, how long a second of a ring delay lasts, work hours (see LocalForwardingOptions). */
  forwarding?: LocalForwardingOptions;
  /** Whether conversation history is on (conversationLogs and missedItems); default yes. */
  conversationHistory?: boolean;
} & LocalPeopleOptions;
