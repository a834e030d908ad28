// The local service's route table, as its parts see it: what the HTTP side is made of, who may ask, and
// what a route's handler is given.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPMethod } from 'find-my-way';
import { UCWA_ROOT, type Applications } from './applications.js';
import type { LocalConversationLogs } from './conversationLogs.js';
import type { IncomingRoutes } from './incomingRoutes.js';
import type { LocalApplication } from './localApplication.js';
import type { LocalContactBook } from './contactBook.js';
import type { LocalForwarding } from './localForwarding.js';
import type { OutgoingInvitations } from './outgoing.js';
import type { PresenceSubscriptions } from './presenceSubscriptions.js';
import type { Person } from './resources.js';
import type { DirectoryPerson } from './directory.js';
import { ServiceError } from './serviceHttp.js';
import type { TokenScope, TokenService } from './tokens.js';
import type { UserPresence } from './userPresence.js';

/** An application's path pattern: the routes under it are the application holder's. */
export const APPLICATION = `${UCWA_ROOT}/:app`;

export type UcwaServerParts = {
  tokens: TokenService;
  applications: Applications;
  incoming: IncomingRoutes;
  outgoing: OutgoingInvitations;
  /** The contacts invitations link to, served at `people/{uri}`. */
  people: ReadonlyMap<string, Person>;
  /** The address book people/search looks through; none where the service offers no search. */
  directory?: readonly DirectoryPerson[] | undefined;
  /** A people/search request arrived (an observation for tests: what the client sent, answered or not). */
  searched(): void;
  /** The contacts' cards, notes, locations and photos, and the user's contact list. */
  contactBook: LocalContactBook;
  /** Colleagues' presence: subscriptions and contactPresence. */
  presence: PresenceSubscriptions;
  /** The user's presence, note and location (me/presence, me/note, me/location). */
  userPresence: UserPresence;
  /** The user's forwarding settings and policies (voicemailUri). */
  forwarding: LocalForwarding;
  /** The user's past conversations (communication/conversationLogs) and missed items. */
  conversationLogs: LocalConversationLogs;
  /** Where the service offers the batch resource: told how many parts each batch served had. */
  batched?: ((parts: number) => void) | undefined;
  /** Test knob: the longest an empty P-GET is held (see LocalServiceOptions). */
  maxHoldSeconds?: number;
  origin(): string;
};

export type Asked = { request: IncomingMessage; response: ServerResponse; url: URL; params: Record<string, string | undefined>; scope: TokenScope };
export type AskedOfApplication = Asked & { app: LocalApplication };

export type Route =
  | { method: HTTPMethod | HTTPMethod[]; path: string; access: 'anyone' | 'token'; handle(asked: Asked): unknown }
  | { method: HTTPMethod | HTTPMethod[]; path: string; access: 'application'; handle(asked: AskedOfApplication): unknown };

export function notFound(): never {
  throw new ServiceError(404, 'NotFound');
}
