import { readFileSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { CallsController, type CallsOptions } from '../../main/calls/controller.js';
import { LocalUcwaService, type LocalServiceOptions, type PlaceCallRequest } from '../../main/local/service.js';
import { UcwaClient, type UcwaClientOptions } from '../../main/ucwa/client.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import type { EventBatch } from '../../main/ucwa/events.js';
import type { CallSnapshot } from '../../preload/shared/contract.js';

/** Third-party SDP offers, with SOURCES.md and their licences. */
export const FIXTURES = new URL('../fixtures/sdp/', import.meta.url);
export const CHROME_OFFER = readFileSync(new URL('chrome-linux-offer-av-data-no-candidates.sdp', FIXTURES), 'utf8');

export async function startService(options: LocalServiceOptions = {}) {
  const service = new LocalUcwaService({ maxHoldSeconds: 2, ...options });
  const rootUrl = await service.start();
  return { service, rootUrl };
}

export type Connected = {
  client: UcwaClient;
  batches: EventBatch[];
  problems: UcwaError[];
};

export type ClientOverrides = Partial<Omit<UcwaClientOptions, 'handlers'>> & { onResync?: () => Promise<void>; onApplicationReplaced?: () => void };

/** Signs a real client in to the service; batches are recorded and handed to `onBatch` if given. */
export async function connectClient(
  service: LocalUcwaService,
  rootUrl: URL,
  onBatch: (batch: EventBatch) => Promise<void> = async () => {},
  { onResync = async () => {}, onApplicationReplaced = () => {}, ...overrides }: ClientOverrides = {},
): Promise<Connected> {
  const batches: EventBatch[] = [];
  const problems: UcwaError[] = [];
  const client = await UcwaClient.connect({
    fetch,
    rootUrl,
    credentials: { grant: 'password', ...service.credentials },
    identity: { userAgent: 'softphone-test', endpointId: '0b8f4f52-1d61-4b5a-9b6f-3f1f3c2c9d10', culture: 'en-US' },
    handlers: {
      onBatch: async (batch) => {
        batches.push(batch);
        await onBatch(batch);
      },
      onResync,
      onApplicationReplaced,
      onProblem: (error) => problems.push(error),
      onFatal: (error) => problems.push(error),
    },
    ...overrides,
  });
  return { client, batches, problems };
}

/**
 * A service with a signed-in client whose event batches drive a CallsController, as the app wires them.
 * Problems the controller reports are collected for the test to look at.
 */
export type SignedInCallsSetup = {
  service?: LocalServiceOptions;
  calls?: Partial<CallsOptions>;
  client?: Partial<Omit<UcwaClientOptions, 'handlers'>>;
  /** Runs on the started service before the client signs in (meetings, people). */
  prepare?: (service: LocalUcwaService) => void;
};

export async function signedInCalls(setup: SignedInCallsSetup = {}) {
  const { service, rootUrl } = await startService(setup.service);
  setup.prepare?.(service);
  let calls: CallsController | undefined;
  // One list for the client's problems (event channel, renewals) and the controller's.
  const { client, batches, problems } = await connectClient(service, rootUrl, async (batch) => calls?.handleBatch(batch), {
    ...setup.client,
    onResync: async () => calls?.resync(),
  });
  // The calls that ended, newest first, as the controller hands them to the lasting history.
  const ended: CallSnapshot[] = [];
  calls = new CallsController(client, {
    onChange: () => {},
    onProblem: (error) => problems.push(error),
    ...setup.calls,
    onEnded: (call) => {
      ended.unshift(call);
      setup.calls?.onEnded?.(call);
    },
  });
  client.listen();
  return {
    service,
    rootUrl,
    client,
    batches,
    calls,
    ended,
    problems,
    async stop() {
      calls.dispose();
      await client.close();
      await service.stop();
    },
  };
}

export type SignedInCalls = Awaited<ReturnType<typeof signedInCalls>>;

/**
 * For tests that sign in each on their own: the returned function signs in; after each test the session
 * must have met no problem, and it is stopped.
 */
export function signInPerTest(): (setup?: SignedInCallsSetup) => Promise<SignedInCalls> {
  let session: SignedInCalls | undefined;
  afterEach(async () => {
    try {
      expect(session?.problems ?? []).toEqual([]);
    } finally {
      await session?.stop();
      session = undefined;
    }
  });
  return async (setup) => (session = await signedInCalls(setup));
}

/** A caller for the service that answers nothing itself: it records the answer it is handed. */
export function scriptedCaller(overrides: Partial<PlaceCallRequest> = {}) {
  const answers: string[] = [];
  const request: PlaceCallRequest = {
    from: { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' },
    subject: 'Compiler review',
    offerSdp: CHROME_OFFER,
    acceptAnswer: async (sdp) => {
      answers.push(sdp);
    },
    ...overrides,
  };
  return { request, answers };
}

export async function eventually<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
