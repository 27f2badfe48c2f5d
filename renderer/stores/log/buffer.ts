// The session log lives here, outside React state: an append-only list read by index. The store
// only keeps a version number that changes once per batch, so a batch costs one render.
import type { LogEntry } from '../../../shared/model';

export class LogBuffer {
  private readonly rows: LogEntry[] = [];

  append(batch: readonly LogEntry[]): void {
    for (const e of batch) {
      // Entries carry their own index; a catch-up read and a live batch can overlap.
      if (e.index === this.rows.length) this.rows.push(e);
      else if (e.index > this.rows.length) {
        this.rows.length = e.index;
        this.rows.push(e);
      }
    }
  }

  get length(): number {
    return this.rows.length;
  }

  at(i: number): LogEntry | undefined {
    return this.rows[i];
  }

  all(): readonly LogEntry[] {
    return this.rows;
  }
}

export const logBuffer = new LogBuffer();
