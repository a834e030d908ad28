// The local service's routes of people: colleagues' presence and its subscriptions, the directory's search,
// contact cards with their notes, locations and photos, and the user's contact list.
import { searchParams, searchResult } from './peopleSearch.js';
import { APPLICATION, notFound, type Route, type UcwaServerParts } from './routeTable.js';
import { sendJson } from './serviceHttp.js';

export function peopleRoutes(parts: UcwaServerParts): Route[] {
  const { contactBook } = parts;
  return [
    ...['', '/*'].map((tail): Route => ({
      method: ['GET', 'POST', 'DELETE'],
      path: `${APPLICATION}/people/presenceSubscriptions${tail}`,
      access: 'application',
      handle: ({ request, response, url, app }) => parts.presence.route(app, request.method ?? 'GET', url.pathname, request, response),
    })),
    {
      method: 'GET',
      path: `${APPLICATION}/people/:contact/contactPresence`,
      access: 'application',
      handle: ({ response, params, app }) => parts.presence.sendContactPresence(app, params.contact ?? '', response),
    },
    {
      method: 'GET',
      path: `${APPLICATION}/people/search`,
      access: 'application',
      handle: ({ response, url, app }) => {
        parts.searched();
        if (!parts.directory) notFound();
        sendJson(response, 200, searchResult(app.path, parts.directory, `${url.pathname}${url.search}`, searchParams(url)));
      },
    },
    {
      method: 'GET',
      path: `${APPLICATION}/people/:contact`,
      access: 'application',
      handle: ({ response, params, app }) => contactBook.sendContact(app, params.contact, response),
    },
    {
      method: 'GET',
      path: `${APPLICATION}/people/:contact/contactNote`,
      access: 'application',
      handle: (a) => contactBook.sendNote(a.params.contact, a.url, a.response),
    },
    {
      method: 'GET',
      path: `${APPLICATION}/people/:contact/contactLocation`,
      access: 'application',
      handle: (a) => contactBook.sendLocation(a.params.contact, a.url, a.response),
    },
    {
      method: 'GET',
      path: `${APPLICATION}/people/:contact/contactPhoto`,
      access: 'application',
      handle: (a) => contactBook.sendPhoto(a.params.contact, a.response),
    },
    { method: 'GET', path: `${APPLICATION}/contacts`, access: 'application', handle: (a) => contactBook.sendMyContacts(a.app, a.url, a.response) },
    { method: 'GET', path: `${APPLICATION}/groups`, access: 'application', handle: (a) => contactBook.sendMyGroups(a.app, a.url, a.response) },
    { method: 'GET', path: `${APPLICATION}/groups/:group`, access: 'application', handle: (a) => contactBook.sendGroup(a.app, a.params.group, a.response) },
    {
      method: 'GET',
      path: `${APPLICATION}/groups/:group/contacts`,
      access: 'application',
      handle: (a) => contactBook.sendGroupContacts(a.app, a.params.group, a.url, a.response),
    },
  ];
}
