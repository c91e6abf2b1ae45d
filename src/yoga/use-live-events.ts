// Feeds GraphQL subscriptions: after a mutation has run (its transactions committed or rolled
// back), the audit events it committed are published to its organization's live stream.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import type { Context } from '../graphql/context.js';
import type { LiveEvents } from '../live/live-events.js';

// Request ids can be chosen by clients: only this request's recent rows are its own.
const CLOCK_SLACK_MS = 5_000;

export function useLiveEvents(db: Database, live: LiveEvents, log: (message: string, error: unknown) => void): Plugin<Context> {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const ctx = args.contextValue;
      const since = new Date(Date.now() - CLOCK_SLACK_MS);
      return {
        async onExecuteDone() {
          // Sign-in mutations have no principal; without an audience the statement is skipped.
          if (!ctx.principal || !live.hasAudience) return;
          try {
            // The audit rows are the truth: a rolled-back write left none, so nothing is streamed.
            const events = await db.prisma.auditEvent.findMany({
              where: { organizationId: ctx.principal.organizationId, requestId: ctx.requestInfo.id, createdAt: { gte: since } },
              select: { id: true, organizationId: true, action: true, entityType: true, entityId: true },
              orderBy: { sequence: 'asc' },
            });
            live.publish(events);
          } catch (error) {
            // The write has committed; a missed live event must not turn its answer into an error.
            log('live events: could not publish the committed audit events', error);
          }
        },
      };
    },
  };
}
