// Bytes from the modem → tokens. Pure: no timers, no I/O, never throws on input.
//
// Rules (protocol.md §1.2, §1.5, §7.6, §7.14):
// - A line ends at CR, LF or CRLF; the terminator bytes are dropped, empty lines produce nothing.
//   A CR followed by LF is one terminator even when the two arrive in different chunks, because
//   the decision is taken per byte with state carried between pushes.
// - A prompt is '>' at the start of a line followed by ' ' (the space belongs to the token). The
//   leading CRLF may be missing: "line start" also means right after a CR or LF of an echoed
//   command. A '>' at line start followed by anything else is an ordinary line (">abc"), so a
//   chunk ending in a lone '>' leaves the decision pending until the next byte. For the
//   missing-space case the engine, which knows a payload is awaited, calls takePendingPrompt().
//   Text after a prompt on the same wire line (e.g. echoed payload) is a new line, never another
//   prompt.
// - An inline length: when the line so far is accepted by the `inlineLength` rule (e.g.
//   '+QMTRECV: 0,3,"t",12,"', protocol.md §3.2) the next n bytes are copied into the line verbatim,
//   CR/LF/quotes included, so a message stays one line token.
// - expectPayload(n): the next n bytes form one 'payload' token. To make it take effect at the
//   exact byte, call it from the token callback of push().
// - A line longer than maxLineBytes is cut into 'noise' tokens of exactly that size (an overrun
//   or a flood of garbage); the bytes after a cut are not at a line start.
// - cutLine(): the reader gave up on a line the modem left unfinished (a command timed out
//   mid-line). The partial line becomes a token marked cut: 'head'; the bytes that follow it up
//   to the next line end, if any, form a line marked cut: 'rest', so whoever routes lines can
//   tell the tail of an old answer from a line of its own.
// Every input byte lands in exactly one token's [from, to) or is a dropped terminator
// (droppedBytes counts them), and any re-chunking of the same bytes yields the same tokens.
//
// Speed: a replayed day-long session is hundreds of MB, so the framer keeps a line as a range of
// the chunk being read, not as copied pieces, and an all-ASCII chunk is decoded once with each
// line's text sliced from it (one TextDecoder call per small line was most of the cost). Bytes
// are copied only when a line outlives its chunk or a token carries bytes.

import { concatBytes } from '../../shared/bytes';

export type Token =
  /** `raw` is set when the bytes are not valid UTF-8, so the log can show them exactly. */
  | { kind: 'line'; text: string; from: number; to: number; raw?: Uint8Array; cut?: 'head' | 'rest' }
  | { kind: 'prompt'; from: number; to: number }
  | { kind: 'payload'; bytes: Uint8Array; from: number; to: number }
  | { kind: 'noise'; bytes: Uint8Array; from: number; to: number };

/** A line form whose head announces how many raw bytes follow inside the line. */
export interface InlineLengthRule {
  /** Lines starting with these characters are candidates ('+QMTRECV:'); others cost nothing. */
  prefix: string;
  /** Called when a '"' ends the line so far; returns how many raw bytes follow inside the line. */
  length: (lineSoFar: string) => number | undefined;
}

export interface FramerOptions {
  /** Longest line kept as a line; longer runs become noise. Default 64 KiB. */
  maxLineBytes?: number;
  inlineLength?: InlineLengthRule;
}

const CR = 0x0d;
const LF = 0x0a;
const GT = 0x3e;
const SPACE = 0x20;
const QUOTE = 0x22;
/** Only short line heads are offered to inlineLength (a '+QMTRECV: …,"topic",len,"' head). */
const INLINE_HEAD_MAX = 512;

const decoder = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);
/** The sink between pushes: nothing is emitted there. */
const NO_TOKENS: Token[] = [];

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

export class Framer {
  private readonly maxLine: number;
  private readonly inline: { prefix: Uint8Array; length: (lineSoFar: string) => number | undefined } | undefined;
  /** Absolute offset of the next byte. */
  private pos = 0;
  /** Bytes of the line read in earlier chunks (copies); the rest is chunk[segStart, …). */
  private lineParts: Uint8Array[] = [];
  private partsLen = 0;
  /** Where the line's bytes in the current chunk begin; -1 when none are there. */
  private segStart = -1;
  private chunk: Uint8Array = EMPTY;
  /** The current chunk as text when it is all ASCII (byte offsets are string offsets). */
  private chunkText: string | undefined;
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
    // Where the one emit (made once per framer: a closure per chunk showed in rack profiles) sends.
    const out: Token[] = [];
    this.sink = out;
    this.sinkFn = onToken;
    try {
      this.scan(chunk);
    } finally {
      this.sink = NO_TOKENS;
      this.sinkFn = undefined;
    }
    return out;
  }

  private sink: Token[] = NO_TOKENS;
  private sinkFn: ((t: Token) => void) | undefined;
  private readonly emit = (t: Token): void => {
    this.sink.push(t);
    this.sinkFn?.(t);
  };

  private scan(chunk: Uint8Array): void {
    const emit = this.emit;
    const n = chunk.length;
    this.chunk = chunk;
    this.segStart = -1;
    const text = n > 0 ? decoder.decode(chunk) : '';
    // Same length and no replacement character: every byte was one ASCII character.
    this.chunkText = text.length === n && text.indexOf('\uFFFD') < 0 ? text : undefined;
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
        this.appendLine(i, i + take, emit);
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
        this.appendLine(i, i + 1, emit);
        i++;
        continue;
      }
      if (b === QUOTE && this.inline !== undefined && this.inlineCandidate !== false) {
        this.appendLine(i, i + 1, emit);
        i++;
        this.offerInline();
        continue;
      }
      // Quotes matter only on lines that may carry an inline length; others scan straight through.
      const stopAtQuote = this.inline !== undefined && this.inlineCandidate !== false;
      // The line runs to the next CR, LF (or quote); one compare passes most bytes.
      let j = i + 1;
      for (; j < n; j++) {
        const c = chunk[j]!;
        if (c <= QUOTE && (c === CR || c === LF || (c === QUOTE && stopAtQuote))) break;
      }
      this.appendLine(i, j, emit);
      i = j;
    }
    // Keep copies, not views, of a partial line or payload: the caller may reuse its buffer.
    if (this.lineLen > 0) {
      this.lineParts = [this.lineBytes().slice()];
      this.partsLen = this.lineLen;
    }
    this.segStart = -1;
    this.chunk = EMPTY;
    this.chunkText = undefined;
    if (this.payloadLen > 0) this.payloadParts = [concat(this.payloadParts, this.payloadLen)];
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

  /** chunk[from, to) joins the line; a line reaching maxLineBytes is cut off as noise. */
  private appendLine(from: number, to: number, emit: (t: Token) => void): void {
    while (from < to) {
      const take = Math.min(this.maxLine - this.lineLen, to - from);
      if (this.segStart < 0) this.segStart = from;
      this.lineLen += take;
      this.pos += take;
      from += take;
      if (this.lineLen >= this.maxLine) {
        emit({ kind: 'noise', bytes: this.lineBytes().slice(), from: this.lineFrom, to: this.pos });
        this.resetLine(this.pos);
        this.atLineStart = false;
        this.promptPending = false;
        this.inlineLeft = 0;
        this.afterCut = false;
      }
    }
  }

  /** The line so far; a view of the chunk when it lies wholly in it (copy it to keep it). */
  private lineBytes(): Uint8Array {
    const seg = this.segStart < 0 ? 0 : this.lineLen - this.partsLen;
    if (this.partsLen === 0) return this.chunk.subarray(this.segStart, this.segStart + seg);
    if (seg === 0) return joined(this.lineParts, this.lineLen);
    return concat([...this.lineParts, this.chunk.subarray(this.segStart, this.segStart + seg)], this.lineLen);
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
    if (this.inlineCandidate === undefined) {
      // The prefix holds no quote, so a line shorter than it at its first quote cannot match.
      let match = this.lineLen > rule.prefix.length;
      if (match && this.partsLen === 0) {
        // The usual case, checked in place without building the head.
        const at = this.segStart;
        for (let k = 0; match && k < rule.prefix.length; k++) if (this.chunk[at + k] !== rule.prefix[k]) match = false;
      } else if (match) {
        const head = this.lineBytes();
        for (let k = 0; match && k < rule.prefix.length; k++) if (head[k] !== rule.prefix[k]) match = false;
      }
      this.inlineCandidate = match;
      if (!match) return;
    }
    const n = rule.length(this.partsLen === 0 && this.chunkText !== undefined ? this.chunkText.slice(this.segStart, this.segStart + this.lineLen) : decode(this.lineBytes()));
    if (n !== undefined && Number.isInteger(n) && n > 0) this.inlineLeft = n;
  }

  private endLine(emit: (t: Token) => void, cut?: 'head'): void {
    if (this.lineLen > 0) {
      if (this.promptPending) {
        // A lone '>' line: a prompt whose space is missing.
        emit({ kind: 'prompt', from: this.lineFrom, to: this.lineFrom + 1 });
      } else {
        let token: Token;
        if (this.partsLen === 0 && this.chunkText !== undefined) {
          // ASCII: the text is a slice of the chunk's, and cannot be invalid UTF-8.
          const text = this.chunkText.slice(this.segStart, this.segStart + this.lineLen);
          token = { kind: 'line', text, from: this.lineFrom, to: this.lineFrom + this.lineLen };
        } else {
          const bytes = this.lineBytes();
          const text = decode(bytes);
          token = { kind: 'line', text, from: this.lineFrom, to: this.lineFrom + this.lineLen };
          if (text.includes('\uFFFD') && !isValidUtf8(bytes)) token.raw = bytes.slice();
        }
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
    if (this.partsLen > 0) this.lineParts = [];
    this.partsLen = 0;
    this.segStart = -1;
    this.lineLen = 0;
    this.lineFrom = from;
    this.inlineCandidate = undefined;
  }
}
