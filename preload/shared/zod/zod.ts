// The part of zod the app uses, the one module product code imports zod's values from (`import * as z`).
// Every entry of the zod package re-exports its 60 locales, about 8 MiB of the core's idle memory in Node:
// `npm run build` bundles this file with zod in it (preload/vite.zod.config.ts), which leaves out all but
// the English messages the schemas use.
export {
  array,
  boolean,
  discriminatedUnion,
  enum,
  instanceof,
  ipv4,
  literal,
  looseObject,
  map,
  never,
  number,
  object,
  record,
  strictObject,
  string,
  toJSONSchema,
  tuple,
  union,
  unknown,
  url,
} from 'zod';
export type { core, infer, output, ZodBoolean, ZodDefault, ZodRawShape, ZodType } from 'zod';
