// node-sqlite3-wasm compiled by V8's baseline WebAssembly compiler (Liftoff) alone. Otherwise V8 compiles
// SQLite's busiest functions again with TurboFan on background threads, and what those compilations malloc
// (about 30 MiB) stays resident in the threads' arenas for as long as the process runs: most of the core's idle
// memory above Node's own. The history's statements are sporadic and short, where Liftoff's code is fast
// enough (a probe of 20 000 inserts and 50 searches took 210 ms on Liftoff alone, 450–520 ms with TurboFan
// compiling beside it). V8 reads the flag when a module is compiled, and the module compiles its WebAssembly
// synchronously when first required: the flag is set just before. It stays set for the whole process (turning
// it off again would not bring back the tier-up it turned off): SQLite's is the only WebAssembly the core runs.
// Both Node and Electron's main process start V8 with --no-freeze-flags-after-init, so a flag may be set now.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type sqlite from 'node-sqlite3-wasm';

export function requireSqliteOnLiftoff(): typeof sqlite {
  setFlagsFromString('--liftoff-only');
  return createRequire(import.meta.url)('node-sqlite3-wasm') as typeof sqlite;
}
