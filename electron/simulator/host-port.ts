// The host's side of a serial line, for tests and demos of the virtual modem: a plain serialport
// SerialPort that sends command lines and reads lines back the way protocol.md §1.2 says to (split on
// <CR><LF>, blank lines ignored), plus the "> " prompt (protocol.md §1.5). It shares no code with the app's
// AT engine on purpose: the simulator is checked against the spec, not against our own parser.
import { SerialPort } from 'serialport';

const FINAL = /^(OK|ERROR|\+CME ERROR: .*|CONNECT)$/;

export class HostPort {
  /** Everything received, as latin1 so byte counts survive. */
  raw = '';
  /** How many separate reads delivered data. */
  chunks = 0;
  private cursor = 0;
  private waiters = new Set<() => void>();

  private constructor(private readonly port: SerialPort) {
    port.on('data', (d: Buffer) => {
      this.raw += d.toString('latin1');
      this.chunks++;
      for (const w of [...this.waiters]) w();
    });
  }

  static async open(path: string): Promise<HostPort> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new HostPort(port);
  }

  /** Complete, non-blank lines received after the cursor (the unterminated tail is left alone). */
  private pendingLines(): { lines: string[]; ends: number[] } {
    const lines: string[] = [];
    const ends: number[] = [];
    const re = /([^\r\n]*)(\r\n|\r(?!$)|\n)/gy;
    re.lastIndex = this.cursor;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.raw))) {
      if (m[1]) {
        lines.push(m[1]);
        ends.push(re.lastIndex);
      }
    }
    return { lines, ends };
  }

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const tryNow = () => {
        const v = check();
        if (v === undefined) return false;
        this.waiters.delete(tryNow as () => void);
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(tryNow as () => void);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received after cursor: ${JSON.stringify(this.raw.slice(this.cursor))}`));
      }, timeoutMs);
      if (!tryNow()) this.waiters.add(tryNow as () => void);
    });
  }

  /** Waits for the next line matching `want`; lines before it are returned too. Advances the cursor. */
  async waitForLine(want: string | RegExp, timeoutMs = 15_000): Promise<string[]> {
    const match = (l: string) => (typeof want === 'string' ? l === want : want.test(l));
    return this.waitUntil(
      () => {
        const { lines, ends } = this.pendingLines();
        const i = lines.findIndex(match);
        if (i < 0) return undefined;
        this.cursor = ends[i] ?? this.cursor;
        return lines.slice(0, i + 1);
      },
      timeoutMs,
      `a line ${String(want)}`,
    );
  }

  /** Waits for the "> " prompt (no line end). Advances the cursor past it. */
  async waitForPrompt(timeoutMs = 15_000): Promise<void> {
    await this.waitUntil(
      () => {
        const at = this.raw.indexOf('> ', this.cursor);
        if (at < 0) return undefined;
        this.cursor = at + 2;
        return true;
      },
      timeoutMs,
      'the "> " prompt',
    );
  }

  async write(data: string | Uint8Array): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.port.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), (err) => (err ? reject(err) : resolve())),
    );
    await new Promise<void>((r) => this.port.drain(() => r()));
  }

  /** Sends `text<CR>` and returns the lines up to and including the final code. */
  async command(text: string, timeoutMs = 15_000): Promise<string[]> {
    await this.write(`${text}\r`);
    return this.waitForLine(FINAL, timeoutMs);
  }

  /** Lines received after the cursor so far, without waiting. */
  peekLines(): string[] {
    return this.pendingLines().lines;
  }

  /** Resolves after `ms` and returns the lines that arrived meanwhile (cursor not moved). */
  async quietFor(ms: number): Promise<string[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.peekLines();
  }

  skipAll(): void {
    this.cursor = this.raw.length;
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((r) => this.port.close(() => r()));
  }
}
