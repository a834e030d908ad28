import * as z from '../../preload/shared/zod/zod.js';
import { ForeignHrefError, MalformedError } from './errors.js';

const SAAS_PREFIX = 'ms:rtc:saas:';
const MAX_HREF_LENGTH = 300 * 1024;

/** Strips the Trusted Application API prefix so one handler serves `x` and `ms:rtc:saas:x`. */
export function normaliseRel(rel: string): string {
  return rel.startsWith(SAAS_PREFIX) ? rel.slice(SAAS_PREFIX.length) : rel;
}

/**
 * `href` resolved against `base`. A link is checked only where it is followed or compared, so one that no
 * URL parser takes costs its own use (with a typed error), not the resource around it.
 */
export function resolveHref(href: string, base: URL): URL {
  const url = URL.parse(href, base.href);
  if (!url) throw new ForeignHrefError(href, 'not a valid URL');
  return url;
}

const linkSchema = z.object({ href: z.string().max(MAX_HREF_LENGTH) });
export const linksSchema = z.record(z.string(), z.union([linkSchema, z.array(linkSchema)]));
/** A resource read for its links alone. */
export const linkedResourceSchema = z.looseObject({ _links: linksSchema });

export type Links = ReadonlyMap<string, string>;

/** `_links` keyed by normalised rel; a rel given as an array keeps its first href. */
export function readLinks(links: z.infer<typeof linksSchema> | undefined): Links {
  const out = new Map<string, string>();
  for (const [rel, value] of Object.entries(links ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) out.set(normaliseRel(rel), first.href);
  }
  return out;
}

/** Runs a zod schema and turns its first issue into a MalformedError that names the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A path may hold a symbol (a key of a value built in code), which join() cannot turn into text.
  const path = issue?.path.length ? `${what}.${issue.path.map(String).join('.')}` : what;
  throw new MalformedError(path, issue?.message ?? 'invalid');
}
