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

export function readableDriverError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'DriverAdapterError') return error;
  const cause = error.cause as { kind?: unknown; host?: unknown; port?: unknown } | undefined;
  const sentence = typeof cause?.kind === 'string' ? SENTENCES[cause.kind] : undefined;
  if (!sentence) return error;
  const at = cause?.host ? ` at \`${String(cause.host)}${cause.port ? `:${String(cause.port)}` : ''}\`` : '';
  return new Error(`${sentence}${at} (${String(cause?.kind)})`, { cause: error });
}
