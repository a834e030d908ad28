// Contact cards through the real core against the embedded local service: the contact, its note and
// location, the numbers it publishes and its photo as a data: URI; the photo fetched once and kept in a
// cache bounded in count and bytes, capped in size, and shown only when its bytes are a PNG or a JPEG.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { ContactCards } from '../../main/people/contactCards.js';
import { PhotoCache } from '../../main/people/photoCache.js';
import { HttpError, MalformedError, type UcwaError } from '../../main/ucwa/errors.js';
import type { Command } from '../../preload/shared/contract.js';
import { coreOnService } from '../support/coreOnService.js';
import type { ProxiedReply } from '../support/faultProxy.js';
import { connectClient, startService } from '../support/localServer.js';

const ADA = 'sip:answers@softphone.local';
const GRACE = 'sip:chat@softphone.local';
const ANNIE = 'sip:sfb@softphone.local';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function start(local: LocalServiceOptions = {}) {
  const problems: UcwaError[] = [];
  const core = await Core.start({
    endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f',
    userAgent: 'softphone-test',
    local: { maxHoldSeconds: 2, ...local },
    onProblem: (error) => problems.push(error),
  });
  stops.push(() => core.stop());
  const route = createCommandRouter(core, ['app://softphone']);
  const send = (command: Command) => route({ url: 'app://softphone/index.html' }, command);
  const card = async (uri: string) => {
    const result = await send({ type: 'getContactCard', uri });
    if (!result.ok) throw new Error(result.error.message);
    return result.card!;
  };
  return { core, service: core.localService!, send, card, problems };
}

/** A ContactCards of its own over a signed-in client, with the cache bounds a test gives. */
async function cardsWith(maxEntries: number, maxBytes: number) {
  const { service, rootUrl } = await startService();
  const { client } = await connectClient(service, rootUrl);
  stops.push(async () => {
    await client.close();
    await service.stop();
  });
  return { service, cards: new ContactCards(client, () => undefined, { maxEntries, maxBytes }) };
}

const pngBytes = (dataUri: string) => [...Buffer.from(dataUri.replace(/^data:image\/png;base64,/, ''), 'base64').subarray(0, 8)];

describe('a contact card', () => {
  it('shows the person, their note, location, numbers and photo (getContactCard)', async () => {
    const { card } = await start();
    const ada = await card(ADA);
    expect(ada).toMatchObject({
      uri: ADA,
      name: 'Ada Lovelace',
      title: 'Analyst',
      department: 'Engineering',
      office: 'Building 1/1010',
      email: 'answers@softphone.local',
      kind: 'user',
      phones: [{ kind: 'work', number: 'tel:+14255550123' }],
      note: { message: 'Heads down on the Analytical Engine today', type: 'Personal' },
      location: 'Redmond, Building 1/1010',
    });
    expect(ada.photo).toMatch(/^data:image\/png;base64,/);
    expect(pngBytes(ada.photo!)).toEqual(PNG_SIGNATURE);
  });

  it('shows an out-of-office note as one', async () => {
    const { card } = await start();
    expect((await card('sip:unreachable@softphone.local')).note).toEqual({ message: 'Out of the office until Monday', type: 'OutOfOffice' });
  });

  it('fetches a photo once for two cards, and once for two cards asked at the same time', async () => {
    const { card, service } = await start();
    await card(ADA);
    await card(ADA);
    expect(service.people.photosServed(ADA)).toBe(1);
    const [first, second] = await Promise.all([card(GRACE), card(GRACE)]);
    expect(first.photo).toBeDefined();
    expect(second.photo).toBe(first.photo);
    expect(service.people.photosServed(GRACE)).toBe(1);
  });

  it('has no photo where the server’s bytes are no image, the rest of the card kept and the problem reported', async () => {
    const { card, problems } = await start({ contactBook: { photos: { [ADA]: 'broken' } } });
    const ada = await card(ADA);
    expect(ada.photo).toBeUndefined();
    expect(ada.name).toBe('Ada Lovelace');
    expect(ada.note?.message).toBe('Heads down on the Analytical Engine today');
    expect(problems).toEqual([expect.any(MalformedError)]);
    expect(problems[0]!.message).toMatch(/not a PNG or JPEG image/);
  });

  it('has no photo where the photo is over the size cap, and does not fetch it again', async () => {
    const { card, service, problems } = await start({ contactBook: { photos: { [ADA]: 'huge' } } });
    expect((await card(ADA)).photo).toBeUndefined();
    expect((await card(ADA)).photo).toBeUndefined();
    expect(service.people.photosServed(ADA)).toBe(1);
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/larger than 524288 bytes/)]);
  });

  it('has no photo where the directory has none, without asking', async () => {
    const { card, service } = await start();
    const barbara = 'sip:barbara.abbott@softphone.local';
    expect((await card(barbara)).photo).toBeUndefined();
    expect(service.people.photosServed(barbara)).toBe(0);
  });

  it('shows the photo byte for byte behind a proxy that passes the server’s replies on', async () => {
    const direct = await (await start()).card(ADA);
    const { core } = await coreOnService(stops, { rewrite: (_request, reply) => reply });
    expect((await core.people.cards.card(ADA)).photo).toBe(direct.photo);
  });

  it('has no photo where the server links one but has none (404 NotFound): initials, nothing reported, not asked again', async () => {
    // A server links contactPhoto for everyone and answers 404 where there is no photo; the local service links it only where there is one.
    const barbara = 'sip:barbara.abbott@softphone.local';
    const photoAsked: string[] = [];
    const rewrite = (request: IncomingMessage, reply: ProxiedReply) => {
      if (request.url?.endsWith('/contactPhoto')) photoAsked.push(request.url);
      if (!reply.body.includes(`"uri":"${barbara}"`)) return reply;
      const contact = JSON.parse(reply.body) as { rel?: string; _links: Record<string, { href: string }> };
      if (contact.rel !== 'contact') return reply;
      contact._links.contactPhoto = { href: `${contact._links.self!.href}/contactPhoto` };
      return { ...reply, body: JSON.stringify(contact) };
    };
    const { core, problems } = await coreOnService(stops, { rewrite });
    const first = await core.people.cards.card(barbara);
    expect(first.name).toBe('Barbara Abbott');
    expect(first.photo).toBeUndefined();
    expect((await core.people.cards.card(barbara)).photo).toBeUndefined();
    expect(photoAsked).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('is refused with a typed error for someone the server does not know, and for what is no address', async () => {
    const { send, problems } = await start();
    expect(await send({ type: 'getContactCard', uri: 'sip:nobody@softphone.local' })).toEqual({
      ok: false,
      error: { code: 'ServerError', message: 'No contact card could be read for nobody@softphone.local.' },
    });
    expect(problems).toEqual([expect.any(HttpError)]);
    expect(await send({ type: 'getContactCard', uri: 'sip:ada@contoso.com?Subject=x' } as Command)).toMatchObject({
      ok: false,
      error: { code: 'InvalidCommand' },
    });
  });
});

describe('the photo cache', () => {
  it('keeps at most its number of photos: the least recently shown is fetched again', async () => {
    const { service, cards } = await cardsWith(2, 1024 * 1024);
    await cards.card(ADA);
    await cards.card(GRACE);
    await cards.card(ADA); // Ada is now the more recently shown
    await cards.card(ANNIE); // Grace goes
    expect(cards.photos.size.entries).toBe(2);
    await cards.card(ADA);
    await cards.card(GRACE);
    expect([service.people.photosServed(ADA), service.people.photosServed(GRACE), service.people.photosServed(ANNIE)]).toEqual([1, 2, 1]);
  });

  it('keeps at most its number of bytes', async () => {
    const { cards } = await cardsWith(100, 1);
    const photo = (await cards.card(ADA)).photo!;
    const sized = await cardsWith(100, Math.floor(photo.length * 1.5));
    await sized.cards.card(ADA);
    await sized.cards.card(GRACE);
    expect(sized.cards.photos.size.entries).toBe(1);
    expect(sized.cards.photos.size.bytes).toBeLessThanOrEqual(Math.floor(photo.length * 1.5));
    expect(cards.photos.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps a photo it was told is none, and fetches nothing for it again', async () => {
    const cache = new PhotoCache({ maxEntries: 10, maxBytes: 1000 });
    let fetched = 0;
    const none = async () => void fetched++;
    await cache.get('a', none);
    await cache.get('a', none);
    expect(fetched).toBe(1);
  });
});
