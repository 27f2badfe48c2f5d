// The framer as it was before its fast path (a byte-at-a-time reader that decoded every line on
// its own): kept only as the reference the fast framer (electron/at/framer.ts) must agree with,
// token for token, on real transcripts and mutated input (electron/quectel/framer-equivalence.test.ts).
// Do not use it in the app.
import type { FramerOptions, Token } from '../electron/at/framer';
import { concatBytes } from '../shared/bytes';

const CR = 0x0d;
const LF = 0x0a;
const GT = 0x3e;
const SPACE = 0x20;
const QUOTE = 0x22;
/** Only short line heads are offered to inlineLength (a '+QMTRECV: …,"topic",len,"' head). */
const INLINE_HEAD_MAX = 512;

const decoder = new TextDecoder('utf-8');

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The parts as one array; a single part is returned as is (callers that keep it copy it). */
function joined(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === total) return parts[0]!;
  return concat(parts, total);
}

const concat = (parts: Uint8Array[], total: number): Uint8Array => concatBytes(parts, total);

export class ReferenceFramer {
  private readonly maxLine: number;
  private readonly inline: { prefix: Uint8Array; length: (lineSoFar: string) => number | undefined } | undefined;
  /** Absolute offset of the next byte. */
  private pos = 0;
  private lineParts: Uint8Array[] = [];
  private lineLen = 0;
  private lineFrom = 0;
  private atLineStart = true;
  private afterCR = false;
  /** The line is exactly '>' at a line start: prompt or text, decided by the next byte. */
  private promptPending = false;
  /** A single space right after a prompt taken without its space is dropped as part of it. */
  private dropSpace = false;
  private inlineLeft = 0;
  private payloadLeft = 0;
  private payloadParts: Uint8Array[] = [];
  private payloadLen = 0;
  private payloadFrom = 0;
  private dropped = 0;
  /** The line being read continues one closed off by cutLine(). */
  private afterCut = false;

  constructor(opts: FramerOptions = {}) {
    const max = opts.maxLineBytes ?? 64 * 1024;
    if (!Number.isInteger(max) || max < 2) throw new TypeError('"maxLineBytes" must be an integer ≥ 2');
    this.maxLine = max;
    this.inline = opts.inlineLength && { prefix: new TextEncoder().encode(opts.inlineLength.prefix), length: opts.inlineLength.length };
  }

  /** Terminator (and swallowed prompt-space) bytes dropped so far. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** Bytes consumed so far (the next byte's offset). */
  get offset(): number {
    return this.pos;
  }

  /** True while a lone '>' at line start waits for the byte that decides what it is. */
  get hasPendingPrompt(): boolean {
    return this.promptPending;
  }

  /** The next `length` bytes are raw payload, delivered as one token. */
  expectPayload(length: number): void {
    if (!Number.isInteger(length) || length < 0) throw new TypeError('"length" must be a non-negative integer');
    if (length === 0) return;
    this.payloadLeft = length;
    this.payloadParts = [];
    this.payloadLen = 0;
    this.payloadFrom = this.pos;
  }

  /** Treat a pending lone '>' as the prompt (the engine is waiting for one and no space came). */
  takePendingPrompt(): Token[] {
    if (!this.promptPending) return [];
    const t: Token = { kind: 'prompt', from: this.lineFrom, to: this.lineFrom + 1 };
    this.resetLine(this.pos);
    this.promptPending = false;
    this.atLineStart = false;
    this.dropSpace = true;
    return [t];
  }

  /**
   * Closes off the partial line as it is (the modem stopped mid-line and the caller gave up on
   * it), marked cut: 'head'. The bytes up to the next line end become a line marked cut: 'rest'.
   * A pending prompt, an inline length or a payload is left alone: its own rule ends it.
   */
  cutLine(): Token[] {
    if (this.lineLen === 0 || this.promptPending || this.inlineLeft > 0 || this.payloadLeft > 0) return [];
    const out: Token[] = [];
    this.afterCut = false;
    this.endLine((t) => out.push(t), 'head');
    this.atLineStart = false;
    this.afterCut = true;
    return out;
  }

  /**
   * Consume a chunk. Tokens are returned, and also handed to `onToken` one by one as they are
   * found, so a reaction such as expectPayload() applies from the very next byte.
   */
  push(chunk: Uint8Array, onToken?: (t: Token) => void): Token[] {
    const out: Token[] = [];
    const emit = (t: Token) => {
      out.push(t);
      onToken?.(t);
    };
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, n - i);
        this.payloadParts.push(chunk.subarray(i, i + take));
        this.payloadLen += take;
        this.payloadLeft -= take;
        i += take;
        this.pos += take;
        if (this.payloadLeft === 0) emit(this.takePayload());
        continue;
      }
      if (this.inlineLeft > 0) {
        const take = Math.min(this.inlineLeft, n - i);
        this.inlineLeft -= take;
        this.appendLine(chunk.subarray(i, i + take), emit);
        i += take;
        continue;
      }
      const b = chunk[i]!;
      if (b === CR || b === LF) {
        if (b === LF && this.afterCR) {
          this.afterCR = false;
        } else {
          this.endLine(emit);
          this.afterCR = b === CR;
        }
        this.afterCut = false;
        this.dropped++;
        this.pos++;
        this.dropSpace = false;
        this.atLineStart = true;
        this.lineFrom = this.pos;
        i++;
        continue;
      }
      this.afterCR = false;
      if (this.dropSpace) {
        this.dropSpace = false;
        if (b === SPACE) {
          this.dropped++;
          this.pos++;
          this.lineFrom = this.pos;
          i++;
          continue;
        }
      }
      if (this.promptPending) {
        this.promptPending = false;
        if (b === SPACE) {
          emit({ kind: 'prompt', from: this.lineFrom, to: this.pos + 1 });
          this.pos++;
          this.resetLine(this.pos);
          this.atLineStart = false;
          i++;
          continue;
        }
        // '>' followed by text: an ordinary line that happens to start with '>'.
      } else if (b === GT && this.atLineStart && this.lineLen === 0) {
        this.promptPending = true;
        this.appendLine(chunk.subarray(i, i + 1), emit);
        i++;
        continue;
      }
      if (b === QUOTE && this.inline !== undefined && this.inlineCandidate !== false) {
        this.appendLine(chunk.subarray(i, i + 1), emit);
        i++;
        this.offerInline();
        continue;
      }
      // Quotes matter only on lines that may carry an inline length; others scan straight through.
      const stopAtQuote = this.inline !== undefined && this.inlineCandidate !== false;
      let j = i + 1;
      while (j < n) {
        const c = chunk[j]!;
        if (c === CR || c === LF || (c === QUOTE && stopAtQuote)) break;
        j++;
      }
      this.appendLine(chunk.subarray(i, j), emit);
      i = j;
    }
    // Keep copies, not views, of a partial line or payload: the caller may reuse its buffer.
    if (this.lineLen > 0) this.lineParts = [concat(this.lineParts, this.lineLen)];
    if (this.payloadLen > 0) this.payloadParts = [concat(this.payloadParts, this.payloadLen)];
    return out;
  }

  /** End of stream: whatever is buffered becomes a token (a partial line, prompt or payload). */
  flush(): Token[] {
    const out: Token[] = [];
    if (this.payloadLeft > 0 && this.payloadLen > 0) out.push(this.takePayload());
    this.payloadLeft = 0;
    if (this.promptPending) out.push(...this.takePendingPrompt());
    this.endLine((t) => out.push(t));
    this.afterCut = false;
    this.inlineLeft = 0;
    this.atLineStart = true;
    this.afterCR = false;
    this.dropSpace = false;
    return out;
  }

  private takePayload(): Token {
    const bytes = concat(this.payloadParts, this.payloadLen);
    const t: Token = { kind: 'payload', bytes, from: this.payloadFrom, to: this.payloadFrom + this.payloadLen };
    this.payloadParts = [];
    this.payloadLen = 0;
    this.payloadFrom = this.pos;
    return t;
  }

  private appendLine(bytes: Uint8Array, emit: (t: Token) => void): void {
    let rest = bytes;
    while (rest.length > 0) {
      const room = this.maxLine - this.lineLen;
      const take = Math.min(room, rest.length);
      this.lineParts.push(rest.subarray(0, take));
      this.lineLen += take;
      this.pos += take;
      rest = rest.subarray(take);
      if (this.lineLen >= this.maxLine) {
        emit({ kind: 'noise', bytes: concat(this.lineParts, this.lineLen), from: this.lineFrom, to: this.pos });
        this.resetLine(this.pos);
        this.atLineStart = false;
        this.promptPending = false;
        this.inlineLeft = 0;
        this.afterCut = false;
      }
    }
  }

  /** Decided at the line's first quote: does the line start with the inline rule's prefix? */
  private inlineCandidate: boolean | undefined;

  private offerInline(): void {
    const rule = this.inline;
    if (!rule) return;
    if (this.lineLen > INLINE_HEAD_MAX) {
      this.inlineCandidate = false;
      return;
    }
    const head = joined(this.lineParts, this.lineLen);
    if (this.inlineCandidate === undefined) {
      // The prefix holds no quote, so a line shorter than it at its first quote cannot match.
      let match = head.length > rule.prefix.length;
      for (let k = 0; match && k < rule.prefix.length; k++) if (head[k] !== rule.prefix[k]) match = false;
      this.inlineCandidate = match;
      if (!match) return;
    }
    const n = rule.length(decode(head));
    if (n !== undefined && Number.isInteger(n) && n > 0) this.inlineLeft = n;
  }

  private endLine(emit: (t: Token) => void, cut?: 'head'): void {
    if (this.lineLen > 0) {
      if (this.promptPending) {
        // A lone '>' line: a prompt whose space is missing.
        emit({ kind: 'prompt', from: this.lineFrom, to: this.lineFrom + 1 });
      } else {
        const bytes = joined(this.lineParts, this.lineLen);
        const text = decode(bytes);
        const token: Token = { kind: 'line', text, from: this.lineFrom, to: this.lineFrom + this.lineLen };
        if (text.includes('\uFFFD') && !isValidUtf8(bytes)) token.raw = bytes.slice();
        const mark = cut ?? (this.afterCut ? 'rest' : undefined);
        if (mark) token.cut = mark;
        emit(token);
      }
    }
    this.promptPending = false;
    this.inlineLeft = 0;
    this.resetLine(this.pos);
  }

  private resetLine(from: number): void {
    this.lineParts.length = 0;
    this.lineLen = 0;
    this.lineFrom = from;
    this.inlineCandidate = undefined;
  }
}
