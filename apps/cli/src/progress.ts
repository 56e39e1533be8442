import { SingleBar } from 'cli-progress';

/**
 * Progress of a long step: a bar with rate and ETA on a terminal, else one plain line per step
 * (logs and CI have no use for carriage returns).
 */
export class Progress {
  private readonly bar: SingleBar | undefined;
  private readonly started = Date.now();
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stdout,
    /** What is counted, for the rate: events, rows, … */
    private readonly unit = 'events',
  ) {
    if (out.isTTY) {
      this.bar = new SingleBar({
        format: `${label} {bar} {percentage}% | {value}/{total} | {rate} ${unit}/s | ETA {eta_formatted}`,
        stream: out,
        hideCursor: true,
      });
      this.bar.start(total, 0, { rate: 0 });
    }
  }

  /** Advances to `value`; `step` marks the end of a step worth a line when there is no bar. */
  update(value: number, events: number, step: boolean): void {
    this.done += events;
    const rate = Math.round(this.done / Math.max((Date.now() - this.started) / 1000, 0.001));
    if (this.bar !== undefined) {
      this.bar.update(value, { rate });
      return;
    }
    if (!step) return;
    const percent = this.total === 0 ? 100 : Math.floor((value / this.total) * 100);
    const remaining = rate > 0 ? Math.round(Math.max(this.total - value, 0) / rate) : 0;
    this.out.write(`${this.label}: ${value}/${this.total} (${percent}%), ${rate} ${this.unit}/s, ETA ${remaining} s\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
