// The session file reader's hand check against the schema it stands in for: it may only accept
// what the schema accepts (anything else goes to the schema, which decides and explains).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainSessionRecord, SessionRecordSchema } from './session-file';

const stamp = { mono: 1, wall: 2 };
const valid: unknown[] = [
  { seq: 0, mono: 0, wall: 0, dir: 'tx', bytes: 'QVQNCg==' },
  { seq: 1, mono: 1, wall: 1, dir: 'rx', bytes: '', secret: [[0, 1]] },
  { seq: 2, mono: 2, wall: 2, event: { type: 'line', dir: 'rx', kind: 'urc', text: 'RDY', at: stamp, commandId: 3 } },
  { seq: 3, mono: 3, wall: 3, event: { type: 'command-started', id: 1, command: 'AT', at: stamp } },
  { seq: 4, mono: 4, wall: 4, event: { type: 'command-ended', id: 1, command: 'AT', at: stamp, outcome: { kind: 'ok', lines: ['x'], final: 'OK' } } },
  { seq: 5, mono: 5, wall: 5, event: { type: 'urc', name: 'RDY', text: 'RDY', at: stamp } },
  { seq: 6, mono: 6, wall: 6, event: { type: 'port-closed', reason: { kind: 'closed' }, at: stamp } },
  { seq: 7, mono: 7, wall: 7, event: { type: 'session-started', app: 'a', version: '1' } },
  { seq: 8, mono: 8, wall: 8, event: { type: 'port-opened', path: '/dev/x', settings: {} } },
  { seq: 9, mono: 9, wall: 9, event: { type: 'note', text: 'n' } },
  { seq: 10, mono: 10, wall: 10, event: { type: 'from-a-newer-app', anything: [1] } },
];

/** A value with one part changed: a key dropped, added or given another value. */
function mutated(v: unknown, path: number[], pick: number, other: unknown): unknown {
  if (typeof v !== 'object' || v === null) return other;
  const copy: Record<string, unknown> = Array.isArray(v) ? ([...v] as unknown as Record<string, unknown>) : { ...(v as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || path.length === 0) {
    copy[['extra', 'secret', 'event', 'bytes', 'dir', 'at', 'type'][pick % 7] as string] = other;
    return copy;
  }
  const k = keys[(path[0] as number) % keys.length] as string;
  if (pick % 5 === 0) delete copy[k];
  else copy[k] = path.length > 1 ? mutated(copy[k], path.slice(1), pick, other) : other;
  return copy;
}

describe('session file records', () => {
  it('the hand check accepts the records the writer writes, as the schema does', () => {
    for (const v of valid) {
      expect(SessionRecordSchema.safeParse(v).success, JSON.stringify(v)).toBe(true);
      expect(isPlainSessionRecord(v), JSON.stringify(v)).toBe(true);
    }
  });

  it('whatever is changed in a record, the hand check accepts nothing the schema refuses', () => {
    const other = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.string(), fc.constantFrom('tx', 'rx', 'line', 'QQ==', Infinity), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({}), fc.constant(stamp));
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(fc.nat(20), { maxLength: 4 }), fc.nat(), other, (v, path, pick, o) => {
        const m = JSON.parse(JSON.stringify(mutated(v, path, pick, o)) ?? 'null') as unknown;
        if (isPlainSessionRecord(m)) expect(SessionRecordSchema.safeParse(m).success, JSON.stringify(m)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('event types named like Object.prototype members', () => {
  it('are unknown events to both checks, never a crash', () => {
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const v = { seq: 7, mono: 7, wall: 7, event: { type } };
      expect(isPlainSessionRecord(v)).toBe(true);
      expect(SessionRecordSchema.safeParse(v).success).toBe(true);
    }
  });
});
