// Coalesces high-rate items (log lines) into about one message per animation frame, so a busy
// modem never costs one IPC message per line.
export class Batcher<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly intervalMs = 16,
    private readonly maxItems = 5000,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.maxItems) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.deliver(items);
  }
}
