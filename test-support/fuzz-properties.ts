// Fuzz properties shared by the fast slice in the tests and the long run in bench/fuzz.bench.ts:
// each is an input generator (fast-check) and a check that throws when the property breaks.
// Inputs are arbitrary bytes and text, and real transcripts (electron/session/fixtures.ts) cut,
// spliced and bit-flipped, so most cases reach deep into the code under test.
// Only stable entry points are used: Framer, parseJournalText, explain(line, { command }),
// groupRecords, and the bridge over a real WebSocket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { Framer, type Token } from '../electron/at/framer';
import { startBridge, type Bridge } from '../electron/host/bridge';
import { createDispatch, type Services } from '../electron/host/dispatch';
import { EventHub } from '../electron/host/event-hub';
import { explain, problemFromLine } from '../electron/quectel/codes';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../electron/session/fixtures';
import { parseJournalLine, parseJournalText } from '../electron/session/journal';
import { buildJournal, toJsonl, type Step } from '../electron/session/transcript';
import { requestNames } from '../shared/api';
import { groupRecords } from '../shared/exchanges';
import type { JournalRecord } from '../shared/model';

/** One property: inputs, and a check that throws (with a reason) when the property breaks. */
export interface FuzzProperty<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  check: (input: T) => void;
}

/** A case slower than this counts as a hang (the code under test is linear in its input). */
export const CASE_TIME_LIMIT_MS = 2_000;

function timed<T>(name: string, check: (input: T) => void): (input: T) => void {
  return (input) => {
    const t0 = performance.now();
    check(input);
    const took = performance.now() - t0;
    if (took > CASE_TIME_LIMIT_MS) throw new Error(`${name}: one case took ${Math.round(took)} ms (a hang)`);
  };
}

function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Real material: the fixture sessions as journals, their wire bytes, and their lines.

const sessions: Step[][] = [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession];
export const realJournals: JournalRecord[][] = sessions.map((s) => buildJournal(s));
const realJsonl = realJournals.map((rs) => toJsonl(rs));
export const realRx: Uint8Array[] = realJournals.map((rs) =>
  Buffer.concat(rs.flatMap((r) => ('bytes' in r && r.dir === 'rx' ? [Buffer.from(r.bytes, 'base64')] : []))),
);
const realLines: string[] = [...new Set(realJournals.flat().flatMap((r) => ('event' in r && r.event.type === 'line' ? [r.event.text] : [])))];
const realCommands: string[] = [...new Set(realJournals.flat().flatMap((r) => ('event' in r && r.event.type === 'command-started' ? [r.event.command] : [])))];
/** Lines the explainer knows, so mutations land near its parsing paths. */
const explainable = ['+QMTOPEN: 0,-1', '+QMTCONN: 0,0,4', '+CME ERROR: 10', '+CME ERROR: SIM not inserted', '+QMTSTAT: 0,1', 'ERROR', '+QMTSUB: 0,1,0,128', 'connack 4', '+CMS ERROR: 500', '+QMTPUB: 0,1,2', '+CSQ: 99,99', '+CEREG: 0,3', '+CPIN: NOT INSERTED'];

type Edit = { kind: 'cut'; at: number; len: number } | { kind: 'insert'; at: number; text: string } | { kind: 'flip'; at: number; ch: string };

/** How a real text is edited: how many edits, how long a cut or an insert, which characters a flip writes. */
export interface EditShape {
  maxEdits: number;
  maxCut: number;
  maxInsert: number;
  flips: readonly string[];
}

const edits = (shape: EditShape): fc.Arbitrary<Edit[]> =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.nat({ max: shape.maxCut }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: shape.maxInsert }) }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), ch: fc.constantFrom(...shape.flips) }),
    ),
    { maxLength: shape.maxEdits },
  );

function applyEdits(s: string, es: readonly Edit[]): string {
  for (const e of es) {
    const at = s.length === 0 ? 0 : e.at % (s.length + 1);
    if (e.kind === 'cut') s = s.slice(0, at) + s.slice(at + e.len);
    else if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
    else s = s.slice(0, at) + e.ch + s.slice(at + 1);
  }
  return s;
}

/** A real text (a journal, a line) with edits: slices cut out, random text spliced in, characters replaced. */
export const mutatedText = (bases: readonly string[], shape: EditShape): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...bases), edits(shape)).map(([b, es]) => applyEdits(b, es));

const LINE_FLIPS = ['"', ',', ':', '\r', '\n', '0', '9', '-', ' ', '+', '>', '\x1a', '\\', '{', '}', '\uFFFD'];
const lineEdits = (maxEdits: number): EditShape => ({ maxEdits, maxCut: 40, maxInsert: 20, flips: LINE_FLIPS });
/** A real string, edited as the parser fuzzing does. */
const mutated = (bases: readonly string[], maxEdits = 4): fc.Arbitrary<string> => mutatedText(bases, lineEdits(maxEdits));

// ---------------------------------------------------------------------------------------------
// Framer: any bytes, any chunking, any timeout cuts: every byte is accounted for, and chunking
// does not change the tokens.

export interface FramerCase {
  bytes: Uint8Array;
  /** Chunk boundaries (offsets), sorted. */
  splits: number[];
  maxLineBytes: number;
}

const modemBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(fc.constantFrom(0x0d, 0x0a, 0x3e, 0x20, 0x22, 0x41, 0x2b, 0xc3, 0xa9, 0xff), { maxLength: 120 }).map((a) => Uint8Array.from(a)),
  fc.tuple(fc.constantFrom(...realRx), fc.nat(), fc.nat({ max: 400 }), edits(lineEdits(4))).map(([b, from, len, es]) => {
    const start = b.length === 0 ? 0 : from % b.length;
    return new Uint8Array(Buffer.from(applyEdits(Buffer.from(b.subarray(start, start + len)).toString('latin1'), es), 'latin1'));
  }),
);

export const framerCase: fc.Arbitrary<FramerCase> = modemBytes.chain((bytes) =>
  fc.record({
    bytes: fc.constant(bytes),
    splits: fc.uniqueArray(fc.nat({ max: bytes.length }), { maxLength: 8 }).map((s) => s.sort((a, b) => a - b)),
    maxLineBytes: fc.constantFrom(2, 16, 64 * 1024),
  }),
);

const tokenKey = (t: Token): string => {
  const body = t.kind === 'line' ? JSON.stringify([t.text, t.raw ? [...t.raw] : null]) : t.kind === 'prompt' ? '' : JSON.stringify([...t.bytes]);
  return `${t.kind}:${t.from}-${t.to}:${body}`;
};

function frame(bytes: Uint8Array, splits: readonly number[], maxLineBytes: number): { tokens: Token[]; dropped: number } {
  const f = new Framer({ maxLineBytes, inlineLength: { prefix: '+QMTRECV:', length: (s) => { const m = /,(\d{1,5}),"$/.exec(s); return m ? Number(m[1]) : undefined; } } });
  const tokens: Token[] = [];
  let from = 0;
  for (const to of [...splits, bytes.length]) {
    // A fresh copy per chunk: the framer must not keep views of a buffer the caller reuses.
    tokens.push(...f.push(bytes.slice(from, to)));
    from = to;
  }
  tokens.push(...f.flush());
  return { tokens, dropped: f.droppedBytes };
}

export const framerProperty: FuzzProperty<FramerCase> = {
  name: 'framer',
  arbitrary: framerCase,
  check: timed('framer', ({ bytes, splits, maxLineBytes }) => {
    const whole = frame(bytes, [], maxLineBytes);
    const chunked = frame(bytes, splits, maxLineBytes);
    let covered = whole.dropped;
    let last = 0;
    for (const t of whole.tokens) {
      if (t.from < last || t.to < t.from || t.to > bytes.length) fail(`token ${tokenKey(t)} out of order or out of range`);
      last = t.to;
      covered += t.to - t.from;
    }
    if (covered !== bytes.length) fail(`${bytes.length} bytes in, ${covered} accounted for`);
    const a = whole.tokens.map(tokenKey).join('\n');
    const b = chunked.tokens.map(tokenKey).join('\n');
    if (a !== b) fail(`chunking at ${splits.join(',')} changed the tokens:\n${a}\n---\n${b}`);
  }),
};

// ---------------------------------------------------------------------------------------------
// Journal reader: arbitrary text and mutated real journals; never throws, keeps only records
// that re-read as themselves, and counts what it skipped.

export const journalText: fc.Arbitrary<string> = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mutated(realJsonl, 8));

export const journalReaderProperty: FuzzProperty<string> = {
  name: 'journal reader',
  arbitrary: journalText,
  check: timed('journal reader', (text) => {
    const { records, skipped, tornTail } = parseJournalText(text);
    if (!(Number.isInteger(skipped) && skipped >= 0)) fail(`skipped = ${skipped}`);
    if (typeof tornTail !== 'boolean') fail('tornTail is not a boolean');
    const lines = text.split('\n').length;
    if (records.length + skipped > lines) fail(`${records.length} kept + ${skipped} skipped > ${lines} lines`);
    for (const r of records) if (parseJournalLine(JSON.stringify(r)) === undefined) fail(`kept a record that does not re-read: ${JSON.stringify(r)}`);
  }),
};

// ---------------------------------------------------------------------------------------------
// Explainer: any line, with any command as context; never throws, answers a well-formed
// explanation or nothing.

export interface ExplainCase {
  line: string;
  command: string | undefined;
}

export const explainCase: fc.Arbitrary<ExplainCase> = fc.record({
  line: fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), mutated([...explainable, ...realLines], 3)),
  command: fc.option(fc.oneof(fc.string({ maxLength: 60 }), mutated(realCommands, 3)), { nil: undefined }),
});

export const explainProperty: FuzzProperty<ExplainCase> = {
  name: 'explain',
  arbitrary: explainCase,
  check: timed('explain', ({ line, command }) => {
    const ex = explain(line, command === undefined ? {} : { command });
    if (ex === undefined) return;
    if (typeof ex.meaning !== 'string' || typeof ex.nextStep !== 'string' || typeof ex.code !== 'string') fail(`ill-formed explanation ${JSON.stringify(ex)}`);
    if (!Array.isArray(ex.likelyCauses)) fail('likelyCauses is not a list');
  }),
};

// ---------------------------------------------------------------------------------------------
// Exchange grouper: real journals with records dropped, duplicated, swapped and their texts,
// bytes, ids and kinds mutated; never throws, every entry it keeps is in range.

type RecordEdit =
  | { kind: 'drop'; at: number }
  | { kind: 'dup'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'text'; at: number; edits: Edit[] }
  | { kind: 'id'; at: number; id: number }
  | { kind: 'lineKind'; at: number; lineKind: string };

const recordEdit: fc.Arbitrary<RecordEdit> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), edits: edits(lineEdits(3)) }),
  fc.record({ kind: fc.constant('id' as const), at: fc.nat(), id: fc.integer({ min: -1, max: 12 }) }),
  fc.record({ kind: fc.constant('lineKind' as const), at: fc.nat(), lineKind: fc.constantFrom('command', 'echo', 'response', 'final', 'urc', 'prompt', 'raw') }),
);

function editRecords(base: readonly JournalRecord[], es: readonly RecordEdit[]): JournalRecord[] {
  const rs: JournalRecord[] = base.map((r) => structuredClone(r));
  for (const e of es) {
    if (rs.length === 0) break;
    const i = e.at % rs.length;
    const r = rs[i]!;
    if (e.kind === 'drop') rs.splice(i, 1);
    else if (e.kind === 'dup') rs.splice(i, 0, structuredClone(r));
    else if (e.kind === 'swap' && i + 1 < rs.length) [rs[i], rs[i + 1]] = [rs[i + 1]!, r];
    else if (e.kind === 'text') {
      if ('bytes' in r) r.bytes = Buffer.from(applyEdits(Buffer.from(r.bytes, 'base64').toString('latin1'), e.edits), 'latin1').toString('base64');
      else if ('text' in r.event) r.event.text = applyEdits(r.event.text, e.edits);
      else if ('command' in r.event) r.event.command = applyEdits(r.event.command, e.edits);
    } else if (e.kind === 'id' && 'event' in r) {
      if (r.event.type === 'line') r.event.commandId = e.id;
      else if (r.event.type === 'command-started' || r.event.type === 'command-ended') r.event.id = e.id;
    } else if (e.kind === 'lineKind' && 'event' in r && r.event.type === 'line') r.event.kind = e.lineKind as typeof r.event.kind;
  }
  return rs.map((r, seq) => ({ ...r, seq }));
}

export const grouperRecords: fc.Arbitrary<JournalRecord[]> = fc.tuple(fc.constantFrom(...realJournals), fc.array(recordEdit, { maxLength: 10 })).map(([b, es]) => editRecords(b, es));

export const grouperProperty: FuzzProperty<JournalRecord[]> = {
  name: 'exchange grouper',
  arbitrary: grouperRecords,
  check: timed('exchange grouper', (records) => {
    const { entries, exchanges } = groupRecords(records, { explain: (line, ctx) => (explain(line, ctx) ? problemFromLine(line, ctx) : undefined) });
    for (const x of exchanges) for (const e of x.entries) if (!(Number.isInteger(e) && e >= 0 && e < entries.length)) fail(`exchange ${x.id} points at entry ${e} of ${entries.length}`);
  }),
};

export const syncProperties = [framerProperty, journalReaderProperty, explainProperty, grouperProperty] as const;

// ---------------------------------------------------------------------------------------------
// The bridge: WebSocket messages of any shape. A well-formed request (a JSON object with
// t: 'req', a number id and a string name) is answered with a typed outcome; anything else is
// ignored; the bridge keeps serving.

export type BridgeMessage = string | Uint8Array;

const jsonish = fc.jsonValue({ maxDepth: 3 });
const argsFor = fc.oneof(
  jsonish,
  fc.constant(undefined),
  fc.record({ path: fc.oneof(fc.string(), fc.integer(), fc.constant('/dev/ttyUSB2')) }, { requiredKeys: [] }),
  fc.record({ text: fc.oneof(fc.string({ maxLength: 40 }), mutated(realCommands, 2)), timeoutMs: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
  fc.record({ topic: fc.string(), payload: fc.string(), qos: fc.integer({ min: -1, max: 3 }), format: fc.string() }, { requiredKeys: [] }),
);
const requestName = fc.oneof(fc.constantFrom(...requestNames), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), fc.string({ maxLength: 20 }));

/** A request that the bridge must answer: only its name and arguments are fuzzed. */
const wellFormed = fc.record({ name: requestName, args: argsFor }).map(({ name, args }) => ({ t: 'req', id: 0, name, args }));

export const bridgeMessage: fc.Arbitrary<BridgeMessage> = fc.oneof(
  { arbitrary: wellFormed.map((m) => JSON.stringify(m)), weight: 4 },
  // Wrong shapes: a missing or mistyped field, an array, a bare value.
  { arbitrary: fc.record({ t: fc.oneof(fc.constant('req'), jsonish), id: jsonish, name: fc.oneof(requestName, jsonish), args: argsFor }, { requiredKeys: [] }).map((m) => JSON.stringify(m)), weight: 2 },
  { arbitrary: jsonish.map((v) => JSON.stringify(v) ?? 'null'), weight: 1 },
  { arbitrary: mutated(['{"t":"req","id":1,"name":"getAppInfo"}', '{"t":"req","id":2,"name":"openPort","args":{"path":"/dev/ttyUSB2"}}', '{"t":"req","id":3,"name":"sendAt","args":{"text":"AT+CSQ"}}'], 4), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 },
  { arbitrary: wellFormed.map((m) => new TextEncoder().encode(JSON.stringify(m))), weight: 1 },
);

/** The request inside a message, when the bridge must answer it (same rule as electron/host/bridge.ts). */
export function requestIn(message: BridgeMessage): { id: number; name: string } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(typeof message === 'string' ? message : Buffer.from(message).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as { t?: unknown; id?: unknown; name?: unknown };
  return m.t === 'req' && typeof m.id === 'number' && typeof m.name === 'string' ? { id: m.id, name: m.name } : undefined;
}

/** Gives a well-formed request in `message` the id `id` (so its answer can be matched); others are left as they are. */
export function withId(message: BridgeMessage, id: number): BridgeMessage {
  if (requestIn(message) === undefined) return message;
  const text = typeof message === 'string' ? message : Buffer.from(message).toString('utf8');
  const v = { ...(JSON.parse(text) as object), id };
  return typeof message === 'string' ? JSON.stringify(v) : new TextEncoder().encode(JSON.stringify(v));
}

function checkOutcome(result: unknown, name: string): void {
  if (typeof result !== 'object' || result === null) fail(`${name}: the answer is not an outcome: ${JSON.stringify(result)}`);
  const r = result as { ok?: unknown; value?: unknown; problem?: { code?: unknown; title?: unknown; detail?: unknown; nextStep?: unknown } };
  if (r.ok === true) return;
  if (r.ok !== false) fail(`${name}: outcome without ok: ${JSON.stringify(result)}`);
  const p = r.problem;
  if (!p || typeof p.code !== 'string' || typeof p.title !== 'string' || typeof p.detail !== 'string' || typeof p.nextStep !== 'string') fail(`${name}: a failure without a typed problem: ${JSON.stringify(result)}`);
}

export interface BridgeHarness {
  bridge: Bridge;
  /** Lines the bridge logged. */
  logged: string[];
  /**
   * Sends the messages on one socket and waits for an answer to each well-formed request; throws
   * on a missing or ill-typed answer. Resolves with the number of requests answered.
   */
  exchange(messages: readonly BridgeMessage[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * A real bridge on 127.0.0.1 whose services answer every request name (ok, echoing the
 * arguments), so whatever passes the dispatcher's validation is answered too.
 */
export async function openBridgeHarness(): Promise<BridgeHarness> {
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-fuzz-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Workbench</title>');
  const services = new Proxy({}, { get: (_t, name) => async (args: unknown) => ({ ok: true, value: { name: String(name), args: args ?? null } }) }) as Services;
  const logged: string[] = [];
  const bridge = await startBridge({ dispatch: createDispatch(services), hub: new EventHub(), staticDir, log: (l) => logged.length < 10_000 && logged.push(l) });
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(`ws://127.0.0.1:${bridge.port}/api?token=${bridge.token}`);
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
  const waiting = new Map<number, { name: string; done: (err?: Error) => void }>();
  let socketError: Error | undefined;
  ws.on('message', (data) => {
    let m: { t?: unknown; id?: unknown; result?: unknown };
    try {
      m = JSON.parse(String(data)) as typeof m;
    } catch {
      socketError = new Error(`the bridge sent a message that is not JSON: ${String(data).slice(0, 200)}`);
      return;
    }
    if (m.t !== 'res') return;
    const w = waiting.get(m.id as number);
    if (!w) {
      socketError = new Error(`an answer to no request: ${String(data).slice(0, 200)}`);
      return;
    }
    waiting.delete(m.id as number);
    try {
      checkOutcome(m.result, w.name);
      w.done();
    } catch (err) {
      w.done(err as Error);
    }
  });
  ws.on('close', () => (socketError ??= new Error('the bridge closed the socket')));
  let nextId = 1;
  return {
    bridge,
    logged,
    async exchange(messages) {
      if (socketError) throw socketError;
      const answers: Promise<void>[] = [];
      for (const raw of messages) {
        const id = nextId++;
        const message = withId(raw, id);
        const req = requestIn(message);
        if (req) {
          answers.push(
            new Promise<void>((resolve, reject) => {
              const timer = setTimeout(() => {
                waiting.delete(id);
                reject(new Error(`no answer within 5 s to ${typeof message === 'string' ? message : `binary ${Buffer.from(message).toString('hex')}`}`));
              }, 5_000);
              waiting.set(id, { name: req.name, done: (err) => (clearTimeout(timer), err ? reject(err) : resolve()) });
            }),
          );
        }
        ws.send(message);
      }
      await Promise.all(answers);
      if (socketError) throw socketError;
      return answers.length;
    },
    async close() {
      ws.close();
      await bridge.close();
      fs.rmSync(staticDir, { recursive: true, force: true });
    },
  };
}
