import { createApplication, makeMeAvailable, reportMyActivity, type Application, type ApplicationIdentity } from './application.js';
import { requestToken, SignInRefusedError, type Grant, type Token } from './auth.js';
import { HttpError, MalformedError, NetworkError, UcwaError } from './errors.js';
import { EventChannel, jitteredBackoff } from './eventChannel.js';
import type { EventBatch } from './events.js';
import { UcwaHttp, type FetchLike, type RequestBody } from './http.js';
import { reachOnPhone, readPhones, type ListedPhone } from './phones.js';
import type { Links } from './resources.js';
import { signIn } from './signIn.js';

/** reportMyActivity must come at least every 4 minutes; 3.5 leaves room for a slow request. */
const ACTIVITY_INTERVAL_MS = 210_000;
/** Tokens are renewed this long before they expire. */
const TOKEN_RENEWAL_MARGIN_MS = 5 * 60_000;
/** Attempts to recreate a lost application before giving up. */
const RECREATE_ATTEMPTS = 5;
/** Attempts at a resource GET that fails transiently. */
const GET_ATTEMPTS = 5;

export type UcwaClientHandlers = {
  onBatch(batch: EventBatch): Promise<void>;
  /** The server asked for a resync: cached conversations are stale and must be fetched again. */
  onResync(): Promise<void>;
  /** The application was lost (404) and created anew: whatever it held is gone. */
  onApplicationReplaced(): void;
  onProblem(error: UcwaError): void;
  /** The session is over (410, or the application could not be recreated). */
  onFatal(error: HttpError): void;
};

export type UcwaClientOptions = {
  fetch: FetchLike;
  rootUrl: URL;
  /** Domains sign-in links may lead into (default: the root's own host). */
  domains?: readonly string[];
  credentials: Grant;
  identity: ApplicationIdentity;
  /** The phone to be reached on (makeMeAvailable's phoneNumber, with PhoneAudio), given the numbers the server lists; none without one. */
  reachableOn?: (listed: readonly ListedPhone[]) => string | undefined;
  /** The availability to sign in as (makeMeAvailable's signInAs); Online without it. */
  signInAs?: () => string;
  eventTimeoutSeconds?: number;
  backoff?: { initialMs: number; maxMs: number };
  handlers: UcwaClientHandlers;
};

/** What the call state machines need from the server: follow an href, post to an action link, create. */
export type UcwaSession = {
  readonly base: URL;
  /** The `communication` resource's links (joinOnlineMeeting, startMessaging, …). */
  readonly communication: Links;
  /** Set when signed in anonymously to join one meeting: the name the meeting shows. */
  readonly anonymousDisplayName: string | undefined;
  getJson(href: string, base?: URL): Promise<{ url: URL; json: unknown }>;
  post(href: string, base: URL, options?: { body?: RequestBody; query?: Record<string, string> }): Promise<void>;
  /** DELETE on a resource (leaving a conversation). */
  remove(href: string, base: URL): Promise<void>;
  /** POSTs to a collection; the server answers 201 with a Location (and maybe the resource). */
  create(href: string, base: URL, body: RequestBody, query?: Record<string, string>): Promise<{ url: URL; json: unknown }>;
};

/**
 * A signed-in UCWA application and its event channel. It keeps itself alive: the token is renewed before
 * it expires and on 401, reportMyActivity goes out every 3.5 minutes, and an application the server lost
 * (404) is created anew and its event channel resumed.
 */
export class UcwaClient implements UcwaSession {
  #application: Application;
  #listedPhones: readonly ListedPhone[];
  #channel: EventChannel | undefined;
  #renewal: Promise<void> | undefined;
  #renewalTimer: NodeJS.Timeout | undefined;
  #recreating: Promise<void> | undefined;
  #closed = false;
  #accessToken: string;
  readonly #activityTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly http: UcwaHttp,
    { application, listedPhones }: Announced,
    private readonly applicationsUrl: URL,
    private readonly tokenUrl: URL,
    token: Token,
    private readonly options: UcwaClientOptions,
  ) {
    this.#application = application;
    this.#listedPhones = listedPhones;
    this.#accessToken = token.accessToken;
    http.onUnauthorized = () => this.renewToken();
    // An anonymous meeting guest is never "available", so it has no activity to report.
    if (options.credentials.grant !== 'anonymousMeeting') {
      this.#activityTimer = setInterval(() => {
        reportMyActivity(http, this.#application).catch((error: unknown) => this.#problem(error));
      }, ACTIVITY_INTERVAL_MS);
      this.#activityTimer.unref();
    }
    this.#scheduleRenewal(token.expiresAt);
  }

  static async connect(options: UcwaClientOptions): Promise<UcwaClient> {
    const http = new UcwaHttp(options.fetch, options.identity.userAgent);
    const { applicationsUrl, tokenUrl, token } = await signIn(http, options.rootUrl, options.credentials, options.domains);
    const announced = await announce(http, applicationsUrl, options);
    return new UcwaClient(http, announced, applicationsUrl, tokenUrl, token, options);
  }

  /** The person's phone numbers as the server lists them (me/phones), read at sign-in. */
  get listedPhones(): readonly ListedPhone[] {
    return this.#listedPhones;
  }

  /** The phone to be reached on changed after sign-in: the server is told (PUT communication). */
  reachOn(phoneNumber: string | undefined): Promise<void> {
    return reachOnPhone(this.http, this.#application, phoneNumber);
  }

  /** Who is signed in: the server's `me`, else what the grant says. */
  get user(): string {
    const { credentials } = this.options;
    if (this.#application.user !== undefined) return this.#application.user;
    if (credentials.grant === 'password') return credentials.username;
    return credentials.grant === 'anonymousMeeting' ? credentials.displayName : 'Windows account';
  }

  get anonymousDisplayName(): string | undefined {
    const { credentials } = this.options;
    return credentials.grant === 'anonymousMeeting' ? credentials.displayName : undefined;
  }

  get application(): Application {
    return this.#application;
  }

  get base(): URL {
    return this.#application.self;
  }

  get communication(): Links {
    return this.#application.communication;
  }

  /** Starts the event channel; call once whoever handles batches is ready. */
  listen(): void {
    if (this.#closed || this.#channel) return;
    this.#channel = new EventChannel(
      {
        http: this.http,
        eventsUrl: this.#application.events,
        ...(this.options.eventTimeoutSeconds !== undefined && { timeoutSeconds: this.options.eventTimeoutSeconds }),
        ...(this.options.backoff && { backoff: this.options.backoff }),
      },
      {
        onBatch: this.options.handlers.onBatch,
        onResync: this.options.handlers.onResync,
        onProblem: this.options.handlers.onProblem,
        onFatal: (error) => void this.#channelEnded(error),
      },
    );
    this.#channel.start();
  }

  /**
   * GETs a resource. GET is idempotent, so transient failures (no answer, 5xx, a garbled body) are retried
   * with backoff: an event whose resource is not embedded must not be lost to one dropped connection.
   */
  async getJson(href: string, base: URL = this.base): Promise<{ url: URL; json: unknown }> {
    const url = this.http.resolve(href, base);
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    for (let attempt = 0; ; attempt++) {
      try {
        return { url, json: (await this.http.get(url)).json };
      } catch (error) {
        if (attempt + 1 >= GET_ATTEMPTS || !isTransient(error)) throw error;
        this.#problem(error);
        await new Promise((resolve) => setTimeout(resolve, jitteredBackoff(attempt, initialMs, maxMs)));
      }
    }
  }

  async post(href: string, base: URL, options: { body?: RequestBody; query?: Record<string, string> } = {}): Promise<void> {
    await this.http.post(this.#resolve(href, base, options.query), options.body ? { body: options.body } : {});
  }

  async remove(href: string, base: URL): Promise<void> {
    await this.http.request('DELETE', this.http.resolve(href, base));
  }

  async create(href: string, base: URL, body: RequestBody, query?: Record<string, string>): Promise<{ url: URL; json: unknown }> {
    const response = await this.http.post(this.#resolve(href, base, query), { body });
    const location = response.headers.get('location');
    if (!location) throw new MalformedError('Location', `${href} created nothing`);
    const url = this.http.resolve(location, response.url);
    return { url, json: response.json ?? (await this.getJson(url.href)).json };
  }

  /** The href with the query parameters the server did not already put in it. */
  #resolve(href: string, base: URL, query: Record<string, string> = {}): URL {
    const url = this.http.resolve(href, base);
    for (const [name, value] of Object.entries(query)) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    }
    return url;
  }

  /**
   * Repeats the grant for a fresh token; concurrent callers share one request. An anonymous guest renews
   * with its old token (`ms_rtc_renew`) and, should that be refused (it expired), with the key again.
   */
  renewToken(): Promise<void> {
    this.#renewal ??= this.#freshToken()
      .then((token) => {
        this.#accessToken = token.accessToken;
        this.http.setToken(token.tokenType, token.accessToken);
        this.#scheduleRenewal(token.expiresAt);
      })
      .finally(() => (this.#renewal = undefined));
    return this.#renewal;
  }

  async #freshToken(): Promise<Token> {
    const { credentials } = this.options;
    if (credentials.grant !== 'anonymousMeeting') return requestToken(this.http, this.tokenUrl, credentials);
    try {
      return await requestToken(this.http, this.tokenUrl, credentials, this.#accessToken);
    } catch (error) {
      if (!(error instanceof SignInRefusedError)) throw error;
      return requestToken(this.http, this.tokenUrl, credentials);
    }
  }

  /** Stops the event channel and deletes the application on the server (best effort: we are leaving). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#activityTimer);
    clearTimeout(this.#renewalTimer);
    await this.#channel?.stop();
    await this.#recreating;
    try {
      await this.http.request('DELETE', this.#application.self, { timeoutMs: 5000 });
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
    }
  }

  #scheduleRenewal(expiresAt: number): void {
    clearTimeout(this.#renewalTimer);
    const delay = Math.max(30_000, expiresAt - Date.now() - TOKEN_RENEWAL_MARGIN_MS);
    this.#renewalTimer = setTimeout(() => this.renewToken().catch((error: unknown) => this.#problem(error)), delay);
    this.#renewalTimer.unref();
  }

  async #channelEnded(error: HttpError): Promise<void> {
    this.#channel = undefined;
    if (this.#closed) return;
    if (error.status !== 404) return this.options.handlers.onFatal(error);
    this.#recreating = this.#recreate(error);
    await this.#recreating;
  }

  /** 404 ApplicationNotFound: create the application again, make it available, resume the channel. */
  async #recreate(cause: HttpError): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    for (let attempt = 0; attempt < RECREATE_ATTEMPTS && !this.#closed; attempt++) {
      try {
        ({ application: this.#application, listedPhones: this.#listedPhones } = await announce(this.http, this.applicationsUrl, this.options));
        this.options.handlers.onApplicationReplaced();
        this.listen();
        return;
      } catch (error) {
        this.#problem(error);
        await new Promise((resolve) => setTimeout(resolve, jitteredBackoff(attempt, initialMs, maxMs)));
      }
    }
    if (!this.#closed) this.options.handlers.onFatal(cause);
  }

  #problem(error: unknown): void {
    this.options.handlers.onProblem(error instanceof UcwaError ? error : new UcwaError(String(error), { cause: error }));
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof MalformedError) return true;
  return error instanceof HttpError && (error.status >= 500 || error.status === 409);
}

type Announced = { application: Application; listedPhones: readonly ListedPhone[] };

/**
 * Creates the application and makes it available for calls (anonymous meeting guests may not: 403), on
 * the person's phone too where there is a number for it.
 */
async function announce(http: UcwaHttp, applicationsUrl: URL, options: UcwaClientOptions): Promise<Announced> {
  const application = await createApplication(http, applicationsUrl, options.identity);
  if (options.credentials.grant === 'anonymousMeeting') return { application, listedPhones: [] };
  const listedPhones = await readPhones(http, application);
  const phoneNumber = options.reachableOn?.(listedPhones);
  await makeMeAvailable(http, application, { ...(phoneNumber !== undefined && { phoneNumber }), ...(options.signInAs && { signInAs: options.signInAs() }) });
  return { application, listedPhones };
}
