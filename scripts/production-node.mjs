// How node runs the production server: `npm start` (package.json, which must say the same — checked
// by test/production-start.test.ts) and the benches that measure it (bench:http, bench:memory).
// - A young generation of 8 MB per semi-space, where V8 grows it to 16 MB under load (that garbage
//   is most of the gap between idle and peak RSS). 8 MB against 4 took 8-22 % off the CPU of a
//   request (bench:ab, 3 Dec, in either order; lower in 28 of 30 rounds) for ~0-30 MB more peak RSS;
//   16 MB gained nothing over 8. (V8's trace shows half the scavenges for the same total pause, so
//   the saving is not in the pauses themselves; where it is, is not pinned down.)
// - Young-generation collections on the main thread only (--no-parallel-scavenge): on these
//   2-core machines, shared with PostgreSQL, the helper threads' hand-off cost more CPU than they
//   saved — a compiled 50-row page 0.367 → 0.339 ms of server CPU per request (bench:profile,
//   2 alternating rounds); the floor and a small answer did not move.
// - Two glibc malloc arenas: by default each thread that allocates (libuv's pool, V8's helpers)
//   gets an arena of its own, and their free pages stay resident.
export const PRODUCTION_NODE_ARGS = ['--max-semi-space-size=8', '--no-parallel-scavenge'];
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' };
