// A logger whose JSON lines the test can read back (the app's request lines, errors).
import { createLogger, type Logger } from '../../src/request/log.js';

export interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  [field: string]: any;
}

export function captureLogs(level: 'info' | 'debug' = 'info'): { logger: Logger; lines: LogLine[]; requestLines(): LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => { lines.push(JSON.parse(line)); } } });
  return { logger, lines, requestLines: () => lines.filter((line) => line.msg === 'request') };
}
