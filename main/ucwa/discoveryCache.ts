import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
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
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  #write(entries: z.infer<typeof fileSchema>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries, null, 2));
    renameSync(temporary, this.file);
  }
}
