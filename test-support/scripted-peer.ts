// A scripted modem on the device end of a real PTY pair, opened with SerialPort like real
// hardware. Each CR-terminated command line the host sends is answered by a script of steps;
// a step can wait for payload bytes after a prompt (^Z-terminated or fixed length), pause, or
// drop the line. Writes can be cut into small pieces to force awkward chunking on the host.
import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../electron/simulator/pty-pair';
import { concatBytes } from '../shared/bytes';
import { createHostInput, isPayloadWait } from './host-input';

export type Step =
  | string
  | Uint8Array
  | { delayMs: number }
  /** Collect payload: up to ^Z (ESC abandons, then() gets null) or exactly n bytes. */
  | { awaitPayload: 'ctrl-z' | number; then: (payload: Uint8Array | null) => Step[] };

export type Script = (command: string) => Step[] | undefined;

export interface PeerOptions {
  /** Echo each command line back (ATE1 behaviour, protocol.md §1.3). */
  echo?: boolean;
  /** Cut every write into pieces of at most this many bytes, with a short pause between. */
  maxChunk?: number;
}

export interface ScriptedPeer {
  readonly pair: PtyPair;
  /** The path the host opens. */
  readonly hostPath: string;
  /** Every byte received from the host, in order. */
  received(): Uint8Array;
  /** Every byte written to the host, in order. */
  sent(): Uint8Array;
  /** Command lines received so far. */
  readonly commands: string[];
  write(data: string | Uint8Array): Promise<void>;
  setScript(script: Script): void;
  setEcho(on: boolean): void;
  /** Resolves once the host has sent a byte sequence satisfying `pred`. */
  waitFor(pred: (received: Uint8Array) => boolean, timeoutMs?: number): Promise<void>;
  /** Close the peer's port, then the PTY pair (the host side sees the device vanish). */
  close(): Promise<void>;
}

const enc = new TextEncoder();

const join = (parts: Uint8Array[]): Uint8Array => concatBytes(parts);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function openScriptedPeer(script: Script, opts: PeerOptions = {}): Promise<ScriptedPeer> {
  const pair = await createPtyPair();
  const port = new SerialPort({ path: pair.devicePath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const rx: Uint8Array[] = [];
  const tx: Uint8Array[] = [];
  const commands: string[] = [];
  let current = script;
  let echo = opts.echo ?? false;
  let steps: Promise<void> = Promise.resolve();
  let waiters: Array<{ pred: (r: Uint8Array) => boolean; resolve: () => void }> = [];
  let closed = false;

  const rawWrite = (bytes: Uint8Array) =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      tx.push(bytes);
      port.write(Buffer.from(bytes), () => port.drain(() => resolve()));
    });

  const write = async (data: string | Uint8Array) => {
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    const max = opts.maxChunk;
    if (!max) return rawWrite(bytes);
    for (let i = 0; i < bytes.length; i += max) {
      await rawWrite(bytes.subarray(i, i + max));
      await sleep(2);
    }
  };

  const run = (list: Step[]) => {
    steps = steps.then(async () => {
      for (const [i, step] of list.entries()) {
        const next = list[i + 1];
        // A real modem takes payload from the moment its prompt leaves: enter payload mode first.
        if (isPayloadWait(next)) input.awaitPayload(next);
        if (typeof step === 'string' || step instanceof Uint8Array) await write(step);
        else if ('delayMs' in step) await sleep(step.delayMs);
        else {
          // Past the first step, payload mode began before the previous write. Entering it again
          // here would be wrong when the host's payload already arrived during that write: the next
          // command line would be swallowed as payload.
          if (i === 0) input.awaitPayload(step);
          return; // the rest of the exchange continues in then()
        }
      }
    });
  };

  const input = createHostInput((line) => {
    commands.push(line);
    if (echo) run([line + '\r']);
    if (/^ATE0$/i.test(line.trim())) echo = false;
    if (/^ATE1$/i.test(line.trim())) echo = true;
    const answer = current(line);
    if (answer) run(answer);
  }, run);

  port.on('data', (chunk: Buffer) => {
    rx.push(new Uint8Array(chunk));
    input.push(chunk);
    const all = join(rx);
    waiters = waiters.filter((w) => (w.pred(all) ? (w.resolve(), false) : true));
  });

  return {
    pair,
    hostPath: pair.hostPath,
    commands,
    received: () => join(rx),
    sent: () => join(tx),
    write,
    setScript: (s) => {
      current = s;
    },
    setEcho: (on) => {
      echo = on;
    },
    waitFor(pred, timeoutMs = 10_000) {
      if (pred(join(rx))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the host did not send the expected bytes in time')), timeoutMs);
        waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await steps.catch(() => undefined);
      if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
      await pair.close();
    },
  };
}

/** A script from a table: exact command text → reply steps; unknown commands get ERROR. */
export function tableScript(table: Record<string, Step[]>, fallback: Step[] = ['\r\nERROR\r\n']): Script {
  return (cmd) => table[cmd.trim()] ?? fallback;
}
