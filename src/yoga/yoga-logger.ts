// Yoga's own log calls into pino. Yoga logs every error it masks: during a request that error is
// kept for the request's one log line instead (a failed request is one line, not two stacks).
import type { YogaLogger } from 'graphql-yoga';
import { currentRequest, type Logger } from '../request/log.js';

export function yogaLogger(logger: Logger): YogaLogger {
  const forward = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    // Yoga logs a few debug lines per request: nothing to build when the level is off.
    if (level !== 'error' && !logger.isLevelEnabled(level)) return;
    const error = args.find((arg) => arg instanceof Error);
    const scope = currentRequest();
    if (error && scope && level === 'error') {
      scope.error ??= error;
      return;
    }
    const message = args.filter((arg) => !(arg instanceof Error)).map(String).join(' ') || (error as Error | undefined)?.message || '';
    if (error) logger[level]({ err: error, source: 'yoga' }, message);
    else logger[level]({ source: 'yoga' }, message);
  };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
