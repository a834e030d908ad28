// The local service's HTTP side: one route table (find-my-way) from method and path to the part of the
// service that answers, with who may ask: anyone (autodiscovery, the token service), a bearer token's
// holder, or the holder of the application the path is under.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { UCWA_ROOT } from './applications.js';
import type { CommunicationRequest } from './outgoing.js';
import { peopleRoutes } from './peopleRoutes.js';
import { APPLICATION, notFound, type AskedOfApplication, type Route, type UcwaServerParts } from './routeTable.js';
import { serveBatch, type ServeOne } from './batchRequests.js';
import { noContent, sendJson, ServiceError } from './serviceHttp.js';

// Not `import { … } from 'node:http'`: on Node 24 (Electron's) that loads undici (see eslint.config.js).
const { createServer } = process.getBuiltinModule('node:http');

export type { UcwaServerParts } from './routeTable.js';

const DISCOVERY_ROOT = '/autodiscover/autodiscoverservice.svc/root';

function routes(parts: UcwaServerParts, serveOne: ServeOne): Route[] {
  const { tokens, applications, incoming, outgoing } = parts;
  const abs = (path: string) => `${parts.origin()}${path}`;
  // Outgoing and incoming invitations share one numbering: the outgoing ones answer for theirs first.
  const outgoingThen = (incomingRoute: (request: CommunicationRequest) => Promise<boolean>) => async (asked: AskedOfApplication) => {
    const request = { ...asked, path: asked.url.pathname, method: asked.request.method ?? 'GET' };
    if (!(await outgoing.route(request)) && !(await incomingRoute(request))) notFound();
  };
  return [
    {
      method: 'GET',
      path: DISCOVERY_ROOT,
      access: 'anyone',
      handle: ({ response }) =>
        sendJson(response, 200, {
          _links: {
            self: { href: abs(DISCOVERY_ROOT) },
            user: { href: abs(`${DISCOVERY_ROOT}/oauth/user?originalDomain=softphone.local`) },
            xframe: { href: abs('/autodiscover/xframe') },
          },
        }),
    },
    { method: 'POST', path: '/WebTicket/oauthtoken', access: 'anyone', handle: ({ request, response }) => tokens.issue(request, response) },
    {
      method: 'GET',
      path: `${DISCOVERY_ROOT}/oauth/user`,
      access: 'token',
      handle: ({ response, url }) => sendJson(response, 200, { _links: { self: { href: abs(url.pathname) }, applications: { href: abs(UCWA_ROOT) } } }),
    },
    { method: 'POST', path: UCWA_ROOT, access: 'token', handle: ({ request, response, scope }) => applications.create(request, response, scope) },
    { method: 'GET', path: APPLICATION, access: 'application', handle: ({ response, app }) => sendJson(response, 200, applications.json(app)) },
    {
      method: 'DELETE',
      path: APPLICATION,
      access: 'application',
      handle: ({ response, app }) => {
        applications.remove(app);
        noContent(response);
      },
    },
    {
      method: 'GET',
      path: `${APPLICATION}/events`,
      access: 'application',
      handle: ({ response, url, app }) => {
        const ack = Number(url.searchParams.get('ack'));
        if (!Number.isInteger(ack) || ack < 1) throw new ServiceError(400, 'BadRequest', 'ParameterValidationFailure');
        const requested = Number(url.searchParams.get('timeout') ?? 180);
        const timeout = Number.isFinite(requested) ? Math.min(1800, Math.max(180, requested)) : 180;
        return app.events.get(ack, Math.min(timeout, parts.maxHoldSeconds ?? Infinity), response);
      },
    },
    {
      method: 'POST',
      path: `${APPLICATION}/me/makeMeAvailable`,
      access: 'application',
      handle: async ({ request, response, app }) => {
        parts.userPresence.signedInAs(app, await applications.makeAvailable(app, request));
        noContent(response);
      },
    },
    ...(['presence', 'note', 'location'] as const).flatMap((resource): Route[] => [
      {
        method: 'GET',
        path: `${APPLICATION}/me/${resource}`,
        access: 'application',
        handle: ({ response, app }) => parts.userPresence.send(app, resource, response),
      },
      {
        method: 'POST',
        path: `${APPLICATION}/me/${resource}`,
        access: 'application',
        handle: ({ request, response, app }) => parts.userPresence.change(app, resource, request, response),
      },
    ]),
    ...['/policies', '/me/callForwardingSettings', '/me/callForwardingSettings/*'].map((path): Route => ({
      method: ['GET', 'POST', 'PUT'],
      path: `${APPLICATION}${path}`,
      access: 'application',
      handle: ({ request, response, url, app }) => parts.forwarding.route(app, request.method ?? 'GET', url.pathname, request, response),
    })),
    {
      method: 'POST',
      path: `${APPLICATION}/batch`,
      access: 'application',
      handle: async (a) => (parts.batched ? parts.batched(await serveBatch(a.request, a.response, parts.origin(), serveOne)) : notFound()),
    },
    { method: 'GET', path: `${APPLICATION}/me/phones`, access: 'application', handle: ({ response, app }) => applications.sendPhones(app, response) },
    {
      method: 'GET',
      path: `${APPLICATION}/communication`,
      access: 'application',
      handle: ({ response, app }) => applications.sendCommunication(app, response),
    },
    {
      method: 'PUT',
      path: `${APPLICATION}/communication`,
      access: 'application',
      handle: ({ request, response, app }) => applications.changeCommunication(app, request, response),
    },
    {
      method: 'POST',
      path: `${APPLICATION}/communication/startPhoneAudio`,
      access: 'application',
      handle: ({ request, response, app }) => outgoing.startPhoneCall(app, request, response),
    },
    {
      method: 'POST',
      path: `${APPLICATION}/me/reportMyActivity`,
      access: 'application',
      handle: ({ response, app }) => {
        if (!app.available) throw new ServiceError(409, 'Conflict', 'MakeMeAvailableRequired');
        noContent(response);
      },
    },
    ...['conversationLogs', 'conversationLogs/*', 'missedItems'].map((tail): Route => ({
      method: ['GET', 'POST', 'DELETE'],
      path: `${APPLICATION}/communication/${tail}`,
      access: 'application',
      handle: ({ request, response, url, app }) => parts.conversationLogs.route(app, request.method ?? 'GET', url, request, response),
    })),
    ...peopleRoutes(parts),
    {
      method: 'POST',
      path: `${APPLICATION}/communication/onlineMeetingInvitations`,
      access: 'application',
      handle: ({ request, response, app }) => outgoing.join(app, request, response),
    },
    {
      method: 'POST',
      path: `${APPLICATION}/communication/startOnlineMeeting`,
      access: 'application',
      handle: ({ request, response, app }) => outgoing.startMeeting(app, request, response),
    },
    {
      method: 'POST',
      path: `${APPLICATION}/communication/startMessaging`,
      access: 'application',
      handle: ({ request, response, app }) => outgoing.startMessaging(app, request, response),
    },
    ...['startAudioVideo', 'startAudio'].map((start): Route => ({
      method: 'POST',
      path: `${APPLICATION}/communication/${start}`,
      access: 'application',
      handle: ({ request, response, app }) => outgoing.startCall(app, request, response),
    })),
    {
      method: ['GET', 'POST', 'PUT', 'DELETE'],
      path: `${APPLICATION}/communication/invitations/*`,
      access: 'application',
      handle: outgoingThen((request) => incoming.invitation(request)),
    },
    {
      method: ['GET', 'POST', 'PUT', 'DELETE'],
      path: `${APPLICATION}/communication/conversations/*`,
      access: 'application',
      handle: outgoingThen((request) => incoming.conversation(request)),
    },
  ];
}

/**
 * Only requests meant for this service: addressed to it by its own address (a page that rebinds its own
 * name to 127.0.0.1 still sends that name as Host) and from no other web page's origin. An opaque origin
 * (`null`) is let through: Chromium may give the app's own requests one, and without the per-run password
 * nothing past the token service opens to it.
 */
function refuseOtherAddressees(request: IncomingMessage, origin: string): void {
  const from = request.headers.origin;
  const otherPage = from !== undefined && from !== 'null' && from !== origin;
  if (request.headers.host !== new URL(origin).host || otherPage) throw new ServiceError(403, 'Forbidden');
}

/** The HTTP server on the route table; a request no route takes gets 401 without a token, else 404. */
export function createUcwaServer(parts: UcwaServerParts): Server {
  // Contact URIs are path parameters: room for long ones (find-my-way's default is 100 characters).
  const router = FindMyWay({ maxParamLength: 2048 });
  const serveOne: ServeOne = (request, response) => answer(request, response).catch((error: unknown) => fail(response, error));
  for (const route of routes(parts, serveOne)) router.on(route.method, route.path, () => undefined, route);
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', parts.origin());
    refuseOtherAddressees(request, parts.origin());
    const found = router.find((request.method ?? 'GET') as HTTPMethod, url.pathname);
    const route = found?.store as Route | undefined;
    if (route?.access === 'anyone') return route.handle({ request, response, url, params: {}, scope: {} });
    const scope = parts.tokens.authorised(request);
    if (!scope) return parts.tokens.challenge(response);
    const asked = { request, response, url, params: found?.params ?? {}, scope };
    if (route?.access === 'token') return route.handle(asked);
    // Under an application's path, an unknown application is 404 ApplicationNotFound whatever the rest.
    const app = url.pathname.startsWith(`${UCWA_ROOT}/`) ? parts.applications.at(url.pathname, scope) : undefined;
    // What the user does to a call (answer, hang up, leave) may change what the server says of them.
    if (route?.access === 'application' && app) return Promise.resolve(route.handle({ ...asked, app })).finally(() => parts.userPresence.recheckSoon());
    notFound();
  };
  return createServer((request, response) => void serveOne(request, response));
}

function fail(response: ServerResponse, error: unknown): void {
  if (error instanceof ServiceError) {
    return sendJson(response, error.status, { code: error.code, ...(error.subcode && { subcode: error.subcode }), message: error.message });
  }
  sendJson(response, 500, { code: 'ServiceFailure', message: 'Internal server error.' });
}
