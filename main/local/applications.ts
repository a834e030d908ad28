// The local service's UCWA applications: one per client instance (POST applications), each with its
// event channel, made available for the modalities it asks for (makeMeAvailable) and deleted by the
// client or by the server when it stops polling.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import { EventQueue, type ServiceEvent } from './eventQueue.js';
import { historyLinks } from './conversationLogResources.js';
import type { Flavour } from './flavour.js';
import type { LocalApplication } from './localApplication.js';
import * as shapes from './resources.js';
import type { LocalPhone, PeopleLinks, Person, StartLink } from './resources.js';
import { created, noContent, parseRequest, readJsonBody, sendJson, ServiceError } from './serviceHttp.js';
import type { TokenScope } from './tokens.js';
import { preferredAvailability } from './userPresence.js';

export const UCWA_ROOT = '/ucwa/oauth/v1/applications';

const MODALITIES = ['Audio', 'Video', 'PhoneAudio', 'Messaging', 'PanoramicVideo', 'ApplicationSharing', 'DataCollaboration'] as const;
const makeMeAvailableSchema = z.object({
  signInAs: preferredAvailability.optional(),
  supportedModalities: z.array(z.enum(MODALITIES)).max(MODALITIES.length).optional(),
  supportedMessageFormats: z
    .array(z.enum(['Plain', 'Html']))
    .max(2)
    .optional(),
  audioPreference: z.enum(['PhoneAudio', 'VoipAudio']).optional(),
  phoneNumber: z.string().max(64).optional(),
});
/** PUT communication: the properties the user may change (communication_ref), phoneNumber at most 100 characters. */
const communicationSchema = z.object({
  supportedModalities: makeMeAvailableSchema.shape.supportedModalities,
  supportedMessageFormats: makeMeAvailableSchema.shape.supportedMessageFormats,
  audioPreference: makeMeAvailableSchema.shape.audioPreference,
  phoneNumber: z.string().max(100).optional(),
});

export type ApplicationsOptions = {
  user: Person;
  nextId(): number;
  /** Whether policy lets users answer on a phone (makeMeAvailable with PhoneAudio); default yes. */
  phoneAudioAllowed?: boolean;
  /** The links communication offers to start calls with; default all three. */
  startLinks?: readonly StartLink[];
  /** The user's phones (me/phones); default none. */
  phones?: readonly LocalPhone[];
  /** The rels of IM conversations the user starts: plain (default) or `ms:rtc:saas:`. */
  messagingFlavour?: Flavour;
  /** Which of people's links the applications offer. */
  peopleLinks: PeopleLinks;
  /** Whether applications link the batch resource; default yes. */
  batch?: boolean;
  onEventsReleased?: (events: readonly ServiceEvent[]) => void;
  /** Events were pushed to an application (see EventQueueOptions.onPush). */
  onEventsPushed?: () => void;
  /** See EventQueueOptions.deferredEventsWaitMs. */
  deferredEventsWaitMs?: number;
  /** An application went away: what rang or ran on it ends. */
  onRemoved(app: LocalApplication): void;
  /** Whether conversation history is on: communication then links conversationLogs and missedItems. */
  conversationHistory: boolean;
};

export class Applications {
  readonly #byId = new Map<string, LocalApplication>();
  /** Whether applications link the batch resource (a test can stop it: see LocalUcwaService.offerBatch). */
  offersBatch: boolean;

  constructor(private readonly options: ApplicationsOptions) {
    this.offersBatch = options.batch !== false;
  }

  /** The application whose path this is or is under; 404 ApplicationNotFound, or 403 for another guest's token. */
  at(path: string, scope: TokenScope): LocalApplication {
    const app = [...this.#byId.values()].find((a) => path === a.path || path.startsWith(`${a.path}/`));
    if (!app) throw new ServiceError(404, 'NotFound', 'ApplicationNotFound');
    // An application answers only to tokens of whoever created it: the user's, or that one guest's.
    if (scope.guest?.id !== app.guestId) throw new ServiceError(403, 'Forbidden');
    return app;
  }

  /** The applications made available, which incoming calls ring. */
  available(): LocalApplication[] {
    return [...this.#byId.values()].filter((app) => app.available);
  }

  /** An application goes away, its event channel closed. */
  remove(app: LocalApplication): void {
    app.events.close();
    this.#byId.delete(app.id);
    this.options.onRemoved(app);
  }

  /** Deletes every application, as the server does to one that stopped polling. */
  removeAll(): void {
    for (const app of [...this.#byId.values()]) this.remove(app);
  }

  /** The event channels continue through a `resume` link. */
  resumeAll(): void {
    for (const app of this.#byId.values()) app.events.resume();
  }

  closeAll(): void {
    for (const app of this.#byId.values()) app.events.close();
  }

  /** POST applications: a new application for the token's holder, with its event channel. */
  async create(request: IncomingMessage, response: ServerResponse, scope: TokenScope): Promise<void> {
    const body = await readJsonBody(request);
    const endpointId = typeof body.EndpointId === 'string' ? body.EndpointId : typeof body.endpointId === 'string' ? body.endpointId : '';
    if (!endpointId || endpointId.length > 100) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    const id = String(this.options.nextId());
    const path = `${UCWA_ROOT}/${id}`;
    const app: LocalApplication = {
      id,
      path,
      endpointId,
      available: false,
      modalities: [],
      communicationVersion: 1,
      ...(scope.guest && { guestId: scope.guest.id, anonymousMeeting: scope.guest.meetingUri }),
      events: new EventQueue({
        eventsPath: `${path}/events`,
        onRelease: this.options.onEventsReleased,
        onPush: this.options.onEventsPushed,
        deferredEventsWaitMs: this.options.deferredEventsWaitMs,
      }),
    };
    this.#byId.set(id, app);
    created(response, path, this.json(app));
  }

  /** makeMeAvailable: documented modality names only; anonymous guests may not; PhoneAudio as policy says. Resolves with signInAs. */
  async makeAvailable(app: LocalApplication, request: IncomingMessage): Promise<z.infer<typeof preferredAvailability> | undefined> {
    const body = { data: parseRequest(makeMeAvailableSchema, await readJsonBody(request)) };
    if (app.anonymousMeeting !== undefined) throw new ServiceError(403, 'Forbidden', 'AnonymousNotAllowed');
    if (app.available) throw new ServiceError(409, 'Conflict', 'AlreadyExists');
    const modalities = body.data.supportedModalities ?? ['Audio', 'Video', 'Messaging'];
    if (modalities.includes('PhoneAudio')) {
      if (this.options.phoneAudioAllowed === false) throw new ServiceError(403, 'Forbidden', 'ModalityNotSupported');
      if (!body.data.phoneNumber) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    app.available = true;
    app.modalities = modalities;
    if (body.data.phoneNumber !== undefined) app.phoneNumber = body.data.phoneNumber;
    return body.data.signInAs;
  }

  phoneNumbers(): Array<string | undefined> {
    return [...this.#byId.values()].map((app) => app.phoneNumber);
  }

  /** GET communication, with its version as the ETag a PUT must match. */
  sendCommunication(app: LocalApplication, response: ServerResponse): void {
    response.setHeader('ETag', `"${app.communicationVersion}"`);
    const history = this.options.conversationHistory;
    const communication = shapes.communication(app.path, app.phoneNumber, app.modalities);
    const links = { ...communication._links, ...(history && historyLinks(app.path)) };
    sendJson(response, 200, { ...communication, conversationHistory: history ? 'Enabled' : 'Disabled', _links: links });
  }

  /** PUT communication: a new phone number (and PhoneAudio with it, as policy allows); 412 for a stale ETag. */
  async changeCommunication(app: LocalApplication, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = parseRequest(communicationSchema, await readJsonBody(request));
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== `"${app.communicationVersion}"`) throw new ServiceError(412, 'PreconditionFailed');
    if (body.supportedModalities?.includes('PhoneAudio')) {
      if (this.options.phoneAudioAllowed === false) throw new ServiceError(403, 'Forbidden', 'ModalityNotSupported');
      if (!(body.phoneNumber ?? app.phoneNumber)) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
    }
    if (body.supportedModalities) app.modalities = body.supportedModalities;
    if (body.phoneNumber !== undefined) app.phoneNumber = body.phoneNumber;
    app.communicationVersion++;
    noContent(response);
  }

  /** GET me/phones: the numbers the user has. */
  sendPhones(app: LocalApplication, response: ServerResponse): void {
    sendJson(response, 200, shapes.phones(app.path, this.options.phones ?? []));
  }

  /** The modalities each application made itself available for, in creation order. */
  availableModalities(): string[][] {
    return [...this.#byId.values()].map((app) => [...app.modalities]);
  }

  json(app: LocalApplication) {
    const application = shapes.application(
      app.path,
      app.events.firstHref,
      this.options.user,
      app.endpointId,
      this.options.startLinks ?? ['startAudioVideo', 'startAudio', 'startPhoneAudio'],
      this.options.messagingFlavour ?? 'ucwa',
      this.options.peopleLinks,
      this.offersBatch,
    );
    if (!this.options.conversationHistory) return application;
    const { communication } = application._embedded;
    return {
      ...application,
      _embedded: { ...application._embedded, communication: { ...communication, _links: { ...communication._links, ...historyLinks(app.path) } } },
    };
  }
}
