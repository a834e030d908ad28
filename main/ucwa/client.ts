import { createApplication, makeMeAvailable, reportMyActivity, type Application, type ApplicationIdentity } from './application.js';
import type { PasswordGrant } from './auth.js';
import { HttpError, type UcwaError } from './errors.js';
import { EventChannel, type EventBatch } from './events.js';
import { UcwaHttp, type FetchLike, type RequestBody } from './http.js';
import { signIn } from './signIn.js';

/** reportMyActivity must come at least every 4 minutes; 3.5 leaves room for a slow request. */
const ACTIVITY_INTERVAL_MS = 210_000;

export type UcwaClientOptions = {
  fetch: FetchLike;
  rootUrl: URL;
  credentials: PasswordGrant;
  identity: ApplicationIdentity;
  eventTimeoutSeconds?: number;
  onBatch(batch: EventBatch): Promise<void>;
  onProblem(error: UcwaError): void;
  onFatal(error: HttpError): void;
};

/** What the call state machine needs from the server: follow an href, post to an action link. */
export type UcwaSession = {
  readonly base: URL;
  getJson(href: string, base?: URL): Promise<{ url: URL; json: unknown }>;
  post(href: string, base: URL, options?: { body?: RequestBody; query?: Record<string, string> }): Promise<void>;
};

/** A signed-in UCWA application and its event channel. */
export class UcwaClient implements UcwaSession {
  readonly #channel: EventChannel;
  readonly #activityTimer: NodeJS.Timeout;

  private constructor(
    readonly http: UcwaHttp,
    readonly application: Application,
    readonly user: string,
    options: UcwaClientOptions,
  ) {
    this.#channel = new EventChannel(
      {
        http,
        eventsUrl: application.events,
        ...(options.eventTimeoutSeconds !== undefined && { timeoutSeconds: options.eventTimeoutSeconds }),
      },
      { onBatch: options.onBatch, onProblem: options.onProblem, onFatal: options.onFatal },
    );
    this.#activityTimer = setInterval(() => {
      reportMyActivity(http, application).catch(options.onProblem);
    }, ACTIVITY_INTERVAL_MS);
    this.#activityTimer.unref();
  }

  static async connect(options: UcwaClientOptions): Promise<UcwaClient> {
    const http = new UcwaHttp(options.fetch, options.identity.userAgent);
    const { applicationsUrl } = await signIn(http, options.rootUrl, options.credentials);
    const application = await createApplication(http, applicationsUrl, options.identity);
    await makeMeAvailable(http, application);
    return new UcwaClient(http, application, options.credentials.username, options);
  }

  /** Starts the event channel; call once whoever handles batches is ready. */
  listen(): void {
    this.#channel.start();
  }

  get base(): URL {
    return this.application.self;
  }

  async getJson(href: string, base: URL = this.base): Promise<{ url: URL; json: unknown }> {
    const url = this.http.resolve(href, base);
    return { url, json: (await this.http.get(url)).json };
  }

  async post(href: string, base: URL, options: { body?: RequestBody; query?: Record<string, string> } = {}): Promise<void> {
    const url = this.http.resolve(href, base);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    }
    await this.http.post(url, options.body ? { body: options.body } : {});
  }

  /** Stops the event channel and deletes the application on the server (best effort: we are leaving). */
  async close(): Promise<void> {
    clearInterval(this.#activityTimer);
    await this.#channel.stop();
    try {
      await this.http.request('DELETE', this.application.self, { timeoutMs: 5000 });
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
    }
  }
}
