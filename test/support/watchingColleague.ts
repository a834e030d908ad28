import type { LocalUcwaService, PublishedPresence } from '../../main/local/service.js';

/** What a colleague watching the user is told next of them that matches: waits on the service, not on time. */
export function colleagueHears(service: LocalUcwaService, matches: (published: PublishedPresence) => boolean): Promise<PublishedPresence> {
  return new Promise((resolve) => {
    const stop = service.userPresence.watch((published) => {
      if (!matches(published)) return;
      stop();
      resolve(published);
    });
  });
}
