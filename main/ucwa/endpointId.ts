import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One EndpointId per installation: UCWA wants it unique among the user's running apps and stable. */
export function loadEndpointId(directory: string): string {
  const file = join(directory, 'endpoint-id');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (UUID.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = randomUUID();
  mkdirSync(directory, { recursive: true });
  writeFileSync(file, created, { mode: 0o600 });
  return created;
}
