import type { LinkRequest } from '../../preload/shared/contract.js';
import { newId } from '../ucwa/ids.js';
import { UnavailableError } from './errors.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type LinkRequestEntry = DistributiveOmit<LinkRequest, 'id'>;

/** A link another application opened waits here for the person's word; the newest replaces an older one. */
export class LinkRequests {
  #pending: LinkRequest | undefined;

  /** `changed`: the windows are shown what waits. */
  constructor(private readonly changed: () => void) {}

  get pending(): LinkRequest | undefined {
    return this.#pending;
  }

  request(request: LinkRequestEntry): void {
    this.#pending = { ...request, id: newId() } as LinkRequest;
    this.changed();
  }

  /** The request the person answered, which then waits no more. */
  take(id: string): LinkRequest {
    const request = this.#pending;
    if (request?.id !== id) throw new UnavailableError('That link no longer waits for an answer');
    this.#pending = undefined;
    this.changed();
    return request;
  }

  forget(): void {
    this.#pending = undefined;
    this.changed();
  }
}
