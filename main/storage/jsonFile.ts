// Small JSON files the app keeps (settings, the discovery cache): read through a schema, written whole
// through a temporary file and a rename, so a crash mid-write never leaves half a file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { parseJsonText } from './jsonText.js';

/** The file's content if it parses and fits the schema; undefined if it is missing, unreadable or invalid. */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(parseJsonText(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeJsonFile(file: string, value: unknown): void {
  writeFileAtomically(file, JSON.stringify(value, null, 2));
}

/** Writes the whole file through a temporary one and a rename, readable by the owner only. */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, file);
}
