// How node runs the production server: `npm start` (package.json, which must say the same — checked
// by test/production-start.test.ts) and the benches that measure it (bench:http, bench:memory).
// - A young generation of 4 MB per semi-space: V8 grows it to 16 MB under load, and that garbage
//   (plus the start's, still uncollected) is most of the gap between the idle and peak RSS.
// - Two glibc malloc arenas: by default each thread that allocates (libuv's pool, V8's helpers)
//   gets an arena of its own, and their free pages stay resident.
export const PRODUCTION_NODE_ARGS = ['--max-semi-space-size=4'];
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' };
