// How node runs the production server: `npm start` (package.json, which must say the same — checked
// by test/production-start.test.ts) and the benches that measure it (bench:http, bench:memory).
// - A young generation of 4 MB per semi-space: V8 grows it to 16 MB under load, and that garbage
//   (plus the start's, still uncollected) is most of the gap between the idle and peak RSS.
// - Young-generation collections on the main thread only (--no-parallel-scavenge): on these
//   2-core machines, shared with PostgreSQL, the helper threads' hand-off cost more CPU than they
//   saved — a compiled 50-row page 0.367 → 0.339 ms of server CPU per request (bench:profile,
//   2 alternating rounds); the floor and a small answer did not move.
// - Two glibc malloc arenas: by default each thread that allocates (libuv's pool, V8's helpers)
//   gets an arena of its own, and their free pages stay resident.
export const PRODUCTION_NODE_ARGS = ['--max-semi-space-size=4', '--no-parallel-scavenge'];
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' };
