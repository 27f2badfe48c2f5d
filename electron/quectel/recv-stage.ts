// +QMTRECV reassembly as a line stage of the generic AT engine (electron/at/engine.ts). The
// modem prints a received MQTT message in several forms (protocol.md §3.2, §2.10, quirk 4):
//   - with a length: '+QMTRECV: <idx>,<msgID>,"<topic>",<len>,"<payload>"': the framer copies
//     <len> raw bytes into the line (inline-length rule), so CR, LF and quotes stay inside it;
//   - without a length: '+QMTRECV: <idx>,<msgID>,"<topic>","<payload>"', the payload raw and
//     possibly spanning lines, so the lines are joined until one ends with '"', bounded in lines
//     and time (the URC form and the AT+QMTRECV=<idx> read-out alike);
//   - Cat-1 split (EC200U): '+QMTRECV: <idx>,<msgID>,"<topic>",<len>' then the payload, unquoted,
//     on the next line(s), joined when they come promptly and have exactly <len> bytes.
// The stage is pure: the engine times its windows with the engine's injected clock.
import type { InlineLengthRule } from '../at/framer';
import type { LineStage, OfferedLine, UrcAssembly } from '../at/types';

export interface RecvStageOptions {
  /** Most lines a length-less payload may span (header included) before it is cut (protocol.md quirk 4). Default 32. */
  recvContinuationMaxLines?: number;
  /** Longest time, from the header, that a payload may keep arriving in further lines. Default 500 ms. */
  recvContinuationMs?: number;
}

const encoder = new TextEncoder();
const utf8Length = (s: string): number => encoder.encode(s).length;

/**
 * protocol.md §3.2, recv/mode 0,1: '+QMTRECV: <idx>,<msgID>,"<topic>",<len>,"' is followed by exactly
 * <len> payload bytes, then '"' and CRLF. Given to the framer as its inline-length rule. The topic
 * cannot contain '"' (no escaping is defined), so the head is unambiguous.
 */
export const qmtrecvInlineLength: InlineLengthRule = {
  prefix: '+QMTRECV:',
  length(lineSoFar: string): number | undefined {
    // Offered at every quote of the line: only a ',' (or blank) before the quote can end the head.
    const before = lineSoFar.charCodeAt(lineSoFar.length - 2);
    if (before !== 0x2c && !(before <= 0x20 || before === 0xa0 || before >= 0x1680)) return undefined;
    const m = lineSoFar.match(/^\+QMTRECV:\s*\d+\s*,\s*\d+\s*,\s*"[^"]*"\s*,\s*(\d+)\s*,\s*"$/);
    return m ? Number(m[1]) : undefined;
  },
};

/**
 * protocol.md §3.2 and quirk 4, recv/mode 0,0 (no length): the payload is copied raw between quotes and
 * may contain line breaks. Heuristic: a direct '+QMTRECV' whose payload opened with '"' but whose
 * line does not end with '"' continues on the next lines, until a line ends with '"'. The stage
 * bounds this (line count and time) so a firmware that drops the closing quote cannot swallow
 * the session.
 */
export function qmtrecvContinues(textSoFar: string): boolean {
  const m = textSoFar.match(/^\+QMTRECV:\s*\d+\s*,\s*\d+\s*,\s*"[^"]*"\s*,\s*"(.*)$/s);
  if (!m) return false;
  return !m[1]!.endsWith('"');
}

/**
 * Cat-1 firmware (EC200U) seen in field drivers prints the length and puts the payload, without
 * quotes, on the next line: '+QMTRECV: <idx>,<msgID>,"<topic>",<len>' then '<payload>'. Returns
 * <len> for such a header. The same header is also a whole message on firmware that leaves the
 * payload unquoted ('"t",23' = payload "23"), so the next line is joined only when it comes
 * promptly and has exactly <len> bytes.
 */
export function qmtrecvSplitLength(line: string): number | undefined {
  const m = /^\+QMTRECV:\s*\d+\s*,\s*\d+\s*,\s*"[^"]*"\s*,\s*(\d+)$/.exec(line.trim());
  const n = m ? Number(m[1]) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
}

/** A length-less payload: every following line is taken until one closes the quote or the line limit. */
function continuation(header: string, windowMs: number, maxLines: number): UrcAssembly {
  let text = header;
  let lines = 1;
  return {
    windowMs,
    offer(l: OfferedLine) {
      text += '\r\n' + l.text;
      lines++;
      return !qmtrecvContinues(text) || lines >= maxLines ? 'complete' : 'take';
    },
    text: () => text,
  };
}

/** A Cat-1 header whose payload of `want` bytes follows on the next line(s). */
function splitPayload(header: string, want: number, windowMs: number): UrcAssembly {
  let payload = '';
  return {
    windowMs,
    offer(l: OfferedLine) {
      const joined = payload === '' ? l.raw : `${payload}\r\n${l.raw}`;
      const size = utf8Length(joined);
      // Otherwise the header was a whole message (payload '<len>' unquoted) and the line is new.
      if (size > want || (size < want && l.standalone)) return 'refuse';
      payload = joined;
      return size === want ? 'complete' : 'take';
    },
    text: () => (payload === '' ? header : `${header}\r\n${payload}`),
  };
}

/** The +QMTRECV stage; attach it to every engine that talks to a Quectel modem (see createQuectelEngine). */
export function createRecvStage(opts: RecvStageOptions = {}): LineStage {
  const maxLines = opts.recvContinuationMaxLines ?? 32;
  const windowMs = opts.recvContinuationMs ?? 500;
  if (!(Number.isInteger(maxLines) && maxLines >= 1)) throw new TypeError('"recvContinuationMaxLines" must be an integer ≥ 1');
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new TypeError('"recvContinuationMs" must be > 0');
  return {
    name: 'quectel-qmtrecv',
    inlineLength: qmtrecvInlineLength,
    openUrc(text, name) {
      if (name !== 'QMTRECV') return undefined;
      const want = qmtrecvSplitLength(text);
      if (want !== undefined) return splitPayload(text, want, windowMs);
      if (qmtrecvContinues(text)) return continuation(text, windowMs, maxLines);
      return undefined;
    },
    // AT+QMTRECV=<idx> read-out without length: the payload runs on until a line ends with '"'
    // (protocol.md §2.10, quirk 4), bounded like the URC form.
    continuesResponse: (last, joined) => joined < maxLines && qmtrecvContinues(last),
  };
}
