// node-sqlite3-wasm compiled by V8's baseline WebAssembly compiler (Liftoff) alone. Otherwise V8 compiles
// SQLite's busiest functions again with TurboFan on background threads, and what those compilations malloc
// (about 30 MiB) stays resident in the threads' arenas for as long as the process runs: most of the core's idle
// memory above Node's own. The history's statements are sporadic and short, where Liftoff's code is fast
// enough (a probe of 20 000 inserts and 50 searches took 210 ms on Liftoff alone, 450–520 ms with TurboFan
// compiling beside it). The module is CommonJS and compiles its WebAssembly synchronously when it is first
// required, and V8 reads the flag when a module is compiled: it is set only around that one require, so any
// other WebAssembly in the process tiers up as usual.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type sqlite from 'node-sqlite3-wasm';

export function requireSqliteOnLiftoff(): typeof sqlite {
  setFlagsFromString('--liftoff-only');
  try {
    return createRequire(import.meta.url)('node-sqlite3-wasm') as typeof sqlite;
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}
