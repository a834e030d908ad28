// Presence fetches when the server stops offering UCWA's batch resource (review item 8): each request then is
// one plain GET, so `concurrency` bounds the GETs at once, as it bounds the batches where batch is offered.
import { afterEach, expect, it } from 'vitest';
import { directoryPeople } from '../../main/local/directory.js';
import { contactHref } from '../../main/people/contactHref.js';
import { PresenceFetches, type PresenceReader } from '../../main/people/presenceFetches.js';
import type { Presence } from '../../preload/shared/people.js';
import { getInBatch } from '../../main/ucwa/batch.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import { connectClient, eventually, startService } from '../support/localServer.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

it('sends at most `concurrency` plain GETs at once after the batch resource went away, however many people one batch would take', async () => {
  const { service, rootUrl } = await startService();
  const { client } = await connectClient(service, rootUrl);
  stops.push(
    () => service.stop(),
    () => client.close(),
  );
  let batchOffered = true;
  let getsAtOnce = 0;
  let mostGetsAtOnce = 0;
  const reader: PresenceReader = {
    getJson: async (href, base) => {
      mostGetsAtOnce = Math.max(mostGetsAtOnce, ++getsAtOnce);
      return client.getJson(href, base).finally(() => getsAtOnce--);
    },
    resolve: (href, base) => client.http.resolve(href, base),
    // As the core's reader: asked at each fetch, and gone once the application offers no batch.
    get getInBatch() {
      const batch = client.application.batch;
      return batchOffered && batch !== undefined ? (urls: readonly URL[]) => getInBatch(client.http, client.http.resolve(batch, client.base), urls) : undefined;
    },
  };
  const shown = new Map<string, Presence>();
  const problems: UcwaError[] = [];
  const fetches = new PresenceFetches({
    reader,
    base: () => client.base,
    contactOf: (uri) => contactHref(client.application.people, uri),
    onPresence: (uri, presence) => shown.set(uri, presence),
    onProblem: (error) => problems.push(error),
    concurrency: 1,
  });
  stops.push(async () => fetches.dispose());
  batchOffered = false;
  const people = directoryPeople()
    .slice(10, 20)
    .map((person) => person.uri);
  for (const uri of people) fetches.request(uri);
  await eventually('everyone’s presence', () => people.every((uri) => shown.has(uri)) && fetches.pending === 0);
  expect(mostGetsAtOnce).toBe(1);
  expect(problems).toEqual([]);
});
