// node-sqlite3-wasm locks a database with a folder beside it (<file>.lock), made for each transaction and
// removed after it: a process that dies mid-transaction (a crash, a kill, a power cut) leaves it behind, and
// the database would stay locked for good. The store writes its process id beside the file when it opens it
// (<file>.owner); at the next open, a lock whose process is gone is removed, and SQLite then rolls the
// interrupted transaction back from its journal. A lock held by a live process is left alone.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Removes the lock a dead process left on `file`. */
export function removeStaleLock(file: string): void {
  const lock = `${file}.lock`;
  if (existsSync(lock) && !heldByAnother(ownerOf(file))) rmSync(lock, { recursive: true, force: true });
}

/** Records this process as the one that has `file` open. */
export function claim(file: string): void {
  writeFileSync(`${file}.owner`, String(process.pid), { mode: 0o600 });
}

/** Forgets the claim once the file is closed. */
export function release(file: string): void {
  rmSync(`${file}.owner`, { force: true });
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(`${file}.owner`, 'utf8'));
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether another process that is still running holds it (this process holds no lock between its calls: every transaction is synchronous). */
function heldByAnother(pid: number | undefined): boolean {
  if (pid === undefined || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
