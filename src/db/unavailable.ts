// Whether an error means the database cannot be reached right now (refused or dropped connection,
// server shutting down or starting, connect timeout, pool exhausted): the request gets 503 with
// Retry-After instead of 500, since retrying shortly is the right thing for the client to do.

// Prisma's codes: can't reach server, connect timeout, server closed the connection, pool timeout.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
// Driver adapter kinds (@prisma/driver-adapter-utils) that mean "no connection".
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// Node socket errors.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE: class 08 (connection exception), 57P01–57P03 (shutdown, crash, cannot connect now), 53300 (too many connections).
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const MESSAGES = /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

function codeIsUnavailable(code: unknown): boolean {
  return typeof code === 'string' && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code));
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as { code?: unknown; kind?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown; originalError?: unknown };
  if (codeIsUnavailable(candidate.code)) {
    // P2010 (raw query failed) and other Prisma wrappers say why in meta: checked below.
    return true;
  }
  if (typeof candidate.kind === 'string' && ADAPTER_KINDS.has(candidate.kind)) return true;
  if (candidate.kind === 'postgres' && codeIsUnavailable((candidate as { originalCode?: unknown }).originalCode)) return true;
  if (typeof candidate.message === 'string' && MESSAGES.test(candidate.message)) return true;
  return [candidate.meta?.driverAdapterError?.cause, candidate.meta?.driverAdapterError, candidate.cause, candidate.originalError]
    .some((inner) => inner !== undefined && inner !== error && isDatabaseUnavailable(inner, depth + 1));
}
