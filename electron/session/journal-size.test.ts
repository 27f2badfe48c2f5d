// The journal's size against the bytes it records, for the load that made it ~10× (issue: a
// +QMTRECV flood): the real AT engine journals each received chunk and the line and URC events it
// reads from it, flushed after every message as when each line is shown at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../shared/clock';
import { createMemoryModem } from '../../test-support/memory-modem';
import { createQuectelEngine } from '../quectel/engine';
import { openJournal, readJournal, recordBytes } from './journal';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A deterministic pseudo-random sequence (the sizes must not change between runs). */
function* lcg(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

describe('journal size', () => {
  it('a +QMTRECV flood (payloads of 20–200 bytes, one flush per message) takes under 2× the bytes received', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-jsize-'));
    dirs.push(dir);
    const file = path.join(dir, 'flood.cjsonl');
    const journal = openJournal(file);
    const modem = createMemoryModem(realClock, () => undefined);
    const engine = createQuectelEngine(modem.transport, { journal });
    const rnd = lcg(11);
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789{}:,. -_';
    let received = 0;
    const sent: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const len = 20 + Math.floor(rnd.next().value! * 181);
      let payload = '';
      for (let k = 0; k < len; k++) payload += chars[Math.floor(rnd.next().value! * chars.length)];
      const msg = `\r\n+QMTRECV: 0,${i % 65535},"site7/telemetry/dev${i % 16}",${len},"${payload}"\r\n`;
      modem.send(msg);
      sent.push(msg);
      received += Buffer.byteLength(msg);
      journal.flushNow();
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    engine.dispose();
    await journal.close();
    const size = fs.statSync(file).size;
    console.log(`journal ${size} B for ${received} B received: ${(size / received).toFixed(2)}×`);
    expect(size / received).toBeLessThan(2);
    // …and it is still the whole truth: every byte in order, a line and a URC event per message.
    const { records, skipped, tornTail } = await readJournal(file);
    expect({ skipped, tornTail }).toEqual({ skipped: 0, tornTail: false });
    const rx = records.map((r) => ('bytes' in r ? Buffer.from(recordBytes(r)!).toString('utf8') : '')).join('');
    expect(rx).toBe(sent.join(''));
    const urcs = records.flatMap((r) => ('event' in r && r.event.type === 'urc' ? [r.event.text] : []));
    expect(urcs).toEqual(sent.map((m) => m.trim()));
    expect(records.filter((r) => 'event' in r && r.event.type === 'line')).toHaveLength(2000);
  });
});
