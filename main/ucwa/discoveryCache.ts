import * as z from '../../preload/shared/zod/zod.js';
import { readJsonFile, writeJsonFile } from '../storage/jsonFile.js';
import { isAllowedScheme } from './http.js';

const entrySchema = z.object({ rootUrl: z.url().refine((href) => isAllowedScheme(new URL(href))), discoveredAt: z.number() });
const fileSchema = z.record(z.string(), entrySchema);

/**
 * Remembers the autodiscovered root per SIP domain, so sign-in does not repeat discovery. UCWA asks to
 * rediscover only after a 403, a 502, repeated connection errors or sign-out; callers `forget` then.
 * A missing or unreadable file is an empty cache.
 */
export class DiscoveryCache {
  constructor(private readonly file: string) {}

  get(domain: string): URL | undefined {
    const entry = this.#read()[domain];
    return entry ? new URL(entry.rootUrl) : undefined;
  }

  set(domain: string, rootUrl: URL): void {
    this.#write({ ...this.#read(), [domain]: { rootUrl: rootUrl.href, discoveredAt: Date.now() } });
  }

  forget(domain: string): void {
    const entries = this.#read();
    delete entries[domain];
    this.#write(entries);
  }

  #read(): z.infer<typeof fileSchema> {
    return readJsonFile(this.file, fileSchema) ?? {};
  }

  #write(entries: z.infer<typeof fileSchema>): void {
    writeJsonFile(this.file, entries);
  }
}
