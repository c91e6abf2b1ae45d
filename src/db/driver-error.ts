// A statement sent through the driver adapter without Prisma (Database.queryWithArgs) fails with
// the adapter's error, whose message is only a kind ("DatabaseNotReachable"); Prisma would have
// said what happened. Same error underneath (kept as the cause: 503s are still recognised), with
// Prisma's sentence for the request's log line.
const SENTENCES: Record<string, string> = {
  DatabaseNotReachable: "Can't reach database server",
  ConnectionClosed: 'Server has closed the connection',
  SocketTimeout: 'Timed out talking to the database server',
  TooManyConnections: 'Too many database connections opened',
};

// What @prisma/adapter-pg makes of pg's errors that mean "no connection" (its convertDriverError).
const SOCKET_KINDS: Record<string, string> = {
  ENOTFOUND: 'DatabaseNotReachable', ECONNREFUSED: 'DatabaseNotReachable', ECONNRESET: 'ConnectionClosed', ETIMEDOUT: 'SocketTimeout',
};

/**
 * A statement sent to pg directly (Database.queryText) fails with pg's own error: a refused,
 * reset or timed-out socket reads as the adapter path's sentence, the rest stays as pg made it
 * (its SQLSTATE and messages are what src/db/unavailable.ts recognises).
 */
export function readablePgError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const socket = error as Error & { code?: unknown; syscall?: unknown; errno?: unknown; address?: unknown; hostname?: unknown; port?: unknown };
  const kind = typeof socket.code === 'string' && typeof socket.syscall === 'string' && typeof socket.errno === 'number' ? SOCKET_KINDS[socket.code] : undefined;
  if (!kind) return error;
  const host = kind === 'DatabaseNotReachable' ? socket.address ?? socket.hostname : undefined;
  const at = host ? ` at \`${String(host)}${socket.port ? `:${String(socket.port)}` : ''}\`` : '';
  return new Error(`${SENTENCES[kind]}${at} (${kind})`, { cause: error });
}

export function readableDriverError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'DriverAdapterError') return error;
  const cause = error.cause as { kind?: unknown; host?: unknown; port?: unknown } | undefined;
  const sentence = typeof cause?.kind === 'string' ? SENTENCES[cause.kind] : undefined;
  if (!sentence) return error;
  const at = cause?.host ? ` at \`${String(cause.host)}${cause.port ? `:${String(cause.port)}` : ''}\`` : '';
  return new Error(`${sentence}${at} (${String(cause?.kind)})`, { cause: error });
}

/** The SQLSTATE of a failed statement: pg's error (`code`) or the driver adapter's (its cause, kind `postgres`). */
export function sqlStateOf(error: unknown): string | undefined {
  const isState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  const candidate = error as { code?: unknown; cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } | null | undefined;
  if (isState(candidate?.code)) return candidate.code;
  const cause = candidate?.cause;
  if (cause?.kind !== 'postgres') return undefined;
  return isState(cause.originalCode) ? cause.originalCode : isState(cause.code) ? cause.code : undefined;
}
