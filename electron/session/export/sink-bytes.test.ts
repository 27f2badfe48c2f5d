// A sink that takes bytes (a file stream: the CLI, the app, the benchmark) is handed the spilled
// body of a long export as the bytes it was spilled as: the file is the same, byte for byte, as
// the text export written to a text-only sink, in every format and in Chinese too. The next chunk
// is made while the sink takes the last one, but one write at a time, in order, and a failed write
// fails the export.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../shared/model';
import { buildJournal, toJsonl } from '../transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../fixtures';
import { EXPORT_FORMATS, exportSession, exportToString, journalSource, type ExportProgress } from '.';

/** The five transcripts over and over: a body of several megabytes (several reads of the spill). */
function longSession(): JournalRecord[] {
  const steps = [successSession, qosSession, refusedConnectSession, linkDropSession, timeoutSession];
  const out: JournalRecord[] = [];
  for (let k = 0; k < 700; k++) for (const r of buildJournal(steps[k % steps.length]!.map((s) => ({ ...s, at: s.at + k * 200_000 })))) out.push({ ...r, seq: out.length });
  return out;
}

describe('an export to a sink that takes bytes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sink-bytes-'));
  const file = path.join(dir, 'journal.jsonl');
  fs.writeFileSync(file, toJsonl(longSession()));

  it.each([...EXPORT_FORMATS.map((format) => [format, 'en'] as const), ['html', 'zh-CN'] as const])('writes the same %s file (%s) as a text sink is given', async (format, lang) => {
    const opts = { format, lang, environment: { exportedAt: '2026-01-01T00:00:00.000Z' } };
    const parts: Buffer[] = [];
    let bytes = 0;
    let writing: ExportProgress | undefined;
    const result = await exportSession(journalSource(file), { ...opts, onProgress: (p) => (writing = p.phase === 'writing' ? p : writing) }, {
      write: (c) => void parts.push(Buffer.from(c, 'utf8')),
      writeBytes: (c) => {
        bytes += c.length;
        parts.push(Buffer.from(c));
      },
    });
    const { text, result: asText } = await exportToString(journalSource(file), opts);
    expect(Buffer.concat(parts).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(result).toEqual(asText);
    // The spilled formats' bodies came as bytes; the writing progress still counts their units.
    if (format === 'html' || format === 'json') {
      expect(bytes).toBeGreaterThan(1_500_000);
      expect(writing).toMatchObject({ done: writing?.total });
      expect(writing?.total).toBe(format === 'json' ? result.records : result.rows);
    } else expect(bytes).toBe(0);
  });

  it('waits on one write at a time, in order, while the next chunk is made; a failed write fails the export', async () => {
    let open = 0;
    let most = 0;
    const got: Buffer[] = [];
    const slow = async (c: string | Uint8Array): Promise<void> => {
      open++;
      most = Math.max(most, open);
      await new Promise((r) => setTimeout(r, 2));
      got.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
      open--;
    };
    const opts = { format: 'html' as const, environment: { exportedAt: '2026-01-01T00:00:00.000Z' } };
    await exportSession(journalSource(file), opts, { write: slow, writeBytes: slow });
    expect(most).toBe(1);
    expect(Buffer.concat(got).toString('utf8')).toBe((await exportToString(journalSource(file), opts)).text);
    let writes = 0;
    const failing = { write: async () => void (++writes === 2 && (await Promise.reject(new Error('disk full')))), writeBytes: async () => {} };
    await expect(exportSession(journalSource(file), opts, failing)).rejects.toThrow('disk full');
  });
});
