// Progress of a long seed on stderr: one redrawn line on a terminal, a plain line every few
// seconds otherwise (logs, CI), so stdout stays clean for --json.

export interface ProgressReport {
  phase: string;
  done: number;
  total: number;
  rowsPerSecond: number;
  elapsedMs: number;
}

export type ProgressListener = (report: ProgressReport) => void;

const BAR = 28;
const grouped = (value: number) => Math.round(value).toLocaleString('en-US');

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): { listener: ProgressListener; end(): void } {
  const tty = Boolean(stream.isTTY);
  let lastDraw = 0;
  let lastPhase = '';
  let drawn = false;
  const line = ({ phase, done, total, rowsPerSecond, elapsedMs }: ProgressReport) => {
    const share = total ? Math.min(1, done / total) : 1;
    const left = rowsPerSecond > 0 ? Math.max(0, (total - done) / rowsPerSecond) : 0;
    const filled = Math.round(share * BAR);
    return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${(share * 100).toFixed(1).padStart(5)} %  ` +
      `${grouped(done)}/${grouped(total)} rows  ${grouped(rowsPerSecond)} rows/s  ${(elapsedMs / 1000).toFixed(0)} s` +
      `${done < total ? `, ~${left.toFixed(0)} s left` : ''}  ${phase}`;
  };
  return {
    listener(report) {
      const now = Date.now();
      const phaseChanged = report.phase !== lastPhase;
      if (tty) {
        if (!phaseChanged && now - lastDraw < 100) return;
        stream.write(`\r\x1b[2K${line(report)}`);
        drawn = true;
      } else {
        // Logs get a line every few seconds, whatever the phase.
        if (now - lastDraw < 5_000 && report.done < report.total) return;
        stream.write(`${line(report)}\n`);
      }
      lastDraw = now;
      lastPhase = report.phase;
    },
    end() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** Counts rows against a known total and reports at most every call; rows/s over the whole run. */
export class ProgressCounter {
  private done = 0;
  private readonly started = Date.now();

  constructor(private readonly total: number, private readonly listener?: ProgressListener) {}

  add(rows: number, phase: string): void {
    this.done += rows;
    this.report(phase);
  }

  report(phase: string): void {
    if (!this.listener) return;
    const elapsedMs = Math.max(1, Date.now() - this.started);
    this.listener({ phase, done: this.done, total: this.total, rowsPerSecond: (this.done / elapsedMs) * 1000, elapsedMs });
  }

  get rows(): number {
    return this.done;
  }
}
