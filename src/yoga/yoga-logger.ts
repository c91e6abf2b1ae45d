// Yoga's own log calls (it logs little: unexpected errors outside execution, debug traces) into pino.
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../request/log.js';

export function yogaLogger(logger: Logger): YogaLogger {
  const forward = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const error = args.find((arg) => arg instanceof Error);
    const message = args.filter((arg) => !(arg instanceof Error)).map(String).join(' ') || (error as Error | undefined)?.message || '';
    if (error) logger[level]({ err: error, source: 'yoga' }, message);
    else logger[level]({ source: 'yoga' }, message);
  };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
