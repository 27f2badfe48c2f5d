// The session list, re-opening a session (a journal of the folder, a session file or a journal sent
// as text) and exporting the session shown to a file, through the services the renderer calls.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ArgsOf, EventName, OpenedSession, PayloadOf, RequestName, ResultOf, SessionListing } from '../../shared/api';
import type { LogEntry } from '../../shared/model';
import type { Outcome } from '../../shared/outcome';
import { exportToString } from '../session/export';
import { refusedConnectSession, successSession } from '../session/fixtures';
import { encodeCompactJournal, writerLine } from '../session/journal-compact';
import { SESSION_INDEX_FILE, summariseWhole } from '../session/sessions';
import { hasIndex, OPEN_INDEX_DIR } from './journal-index';
import { buildJournal } from '../session/transcript';
import { createDispatch } from './dispatch';
import { createWorkbenchHost, type WorkbenchHost } from './services';

type Client = { [K in RequestName]: (args?: ArgsOf<K>) => Promise<ResultOf<K>> };
/** The services as the renderer reaches them: arguments checked and defaulted by the contract. */
function client(host: WorkbenchHost): Client {
  const dispatch = createDispatch(host.services);
  return new Proxy({} as Client, { get: (_t, name: string) => (args: unknown) => dispatch(name, args) });
}
/** The payloads of one event, as they are emitted. */
function collect<K extends EventName>(host: WorkbenchHost, name: K): Array<PayloadOf<K>> {
  const got: Array<PayloadOf<K>> = [];
  host.hub.on((n, p) => void ((n as EventName) === name && got.push(p as PayloadOf<K>)));
  return got;
}

const dirs: string[] = [];
const hosts: WorkbenchHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.shutdown();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A data folder with its journals folder; the host writes exports beside it. */
function setup() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sessions-'));
  dirs.push(data);
  const journalDir = path.join(data, 'journals');
  fs.mkdirSync(journalDir);
  const host = createWorkbenchHost({ mode: 'browser', version: '9.9.9', journalDir });
  hosts.push(host);
  return { data, journalDir, host, s: client(host) };
}

const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
let clock = Date.now() / 1000 - 1000;
function put(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  clock += 10;
  fs.utimesSync(file, clock, clock);
  return file;
}
/** Records of a fixture shifted to start at `wall` (the list is ordered by start time). */
function recordsAt(steps: typeof successSession, wall: number) {
  const records = buildJournal(steps);
  const shift = wall - (records[0]?.wall ?? 0);
  return records.map((r) => ({ ...r, wall: r.wall + shift }));
}
const lineCount = (records: ReturnType<typeof buildJournal>) => records.filter((r) => 'event' in r && r.event.type === 'line').length;

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`${o.problem.title}: ${o.problem.detail}`);
  return o.value;
}

async function allRows(s: Client): Promise<LogEntry[]> {
  return value(await s.getLog({ from: 0, limit: 1_000_000 }));
}

describe('session list', () => {
  it('lists every journal newest first, with port, outcome, size and lines, from a cached summary', async () => {
    const { journalDir, s } = setup();
    const older = recordsAt(successSession, Date.UTC(2026, 10, 28, 9));
    const newer = recordsAt(refusedConnectSession, Date.UTC(2026, 10, 29, 9));
    put(journalDir, 'session-a.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(older));
    put(journalDir, 'session-b.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(newer, { cleanClose: false }));
    fs.writeFileSync(path.join(journalDir, 'notes.txt'), 'not a journal');

    const listed = value(await s.listSessions());
    expect(listed.map((l) => l.name)).toEqual(['session-b.cjsonl', 'session-a.cjsonl']);
    const [b, a] = listed;
    expect(a).toMatchObject({ outcome: 'connected', outcomeText: 'connected', lines: lineCount(older), startedAt: older[0]!.wall, live: false });
    expect(a!.size).toBe(fs.statSync(path.join(journalDir, 'session-a.cjsonl')).size);
    // The broker refused the credentials, and the writer never closed the journal.
    expect(b!.outcome).toBe('failed');
    expect(b!.outcomeText).toMatch(/^failed at AT\+QMTCONN=0,.*; ended by crash$/);
    // Summaries are made from the redacted session: the list and its index hold no password.
    expect(b!.outcomeText).not.toContain('wrong;pass#1');
    expect(fs.readFileSync(path.join(journalDir, SESSION_INDEX_FILE), 'utf8')).not.toContain('wrong;pass#1');
    expect(b!.lines).toBe(lineCount(newer));

    // The second listing reads the index, not the journals: a summary edited in the index shows,
    // as long as the journal's size and time are unchanged.
    const indexFile = path.join(journalDir, SESSION_INDEX_FILE);
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { entries: Record<string, { summary: { outcomeText: string } }> };
    index.entries['session-a.cjsonl']!.summary.outcomeText = 'from the index';
    fs.writeFileSync(indexFile, JSON.stringify(index));
    expect(value(await s.listSessions()).find((l) => l.name === 'session-a.cjsonl')?.outcomeText).toBe('from the index');
    // A journal that changed is summarised again; a removed one leaves the index.
    put(journalDir, 'session-a.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(older.slice(0, 3)));
    fs.rmSync(path.join(journalDir, 'session-b.cjsonl'));
    const again = value(await s.listSessions());
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ name: 'session-a.cjsonl', lines: lineCount(older.slice(0, 3)) });
    expect(Object.keys((JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { entries: object }).entries)).toEqual(['session-a.cjsonl']);
  });

  it('tells a journal another process is writing from one whose writer died, without the journal changing', async () => {
    const { journalDir, s } = setup();
    const writer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const records = recordsAt(successSession, Date.UTC(2026, 10, 28, 9));
      put(journalDir, 'session-w.cjsonl', writerLine(writer.pid!) + '\n' + encodeCompactJournal(records, { cleanClose: false }));
      expect(value(await s.listSessions())[0]).toMatchObject({ outcome: 'live', outcomeText: 'being recorded by another process (connected)', live: false });
    } finally {
      const exited = new Promise<void>((resolve) => writer.once('exit', () => resolve()));
      writer.kill('SIGKILL');
      await exited;
    }
    expect(value(await s.listSessions())[0]).toMatchObject({ outcome: 'crashed', outcomeText: 'connected; ended by crash' });
  });

  it('reads a long journal with no index once for both its row and its open index, and opening it is then a restore', async () => {
    const { journalDir } = setup();
    const window = { entries: 50, exchanges: 20 };
    const host = createWorkbenchHost({ mode: 'browser', version: '9.9.9', journalDir, window, openIndexMinBytes: 1 });
    hosts.push(host);
    const s = client(host);
    const steps = Array.from({ length: 300 }, (_, k) => (k % 7 === 3 ? refusedConnectSession : successSession)).flat();
    const records = recordsAt(steps.map((st, i) => ({ ...st, at: st.at + Math.floor(i / 20) * 6_000 })), Date.UTC(2026, 10, 28, 9));
    const older = put(journalDir, 'session-older.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(records.slice(0, 2_000)));
    const file = put(journalDir, 'session-copied.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(records));
    const reads: string[] = [];
    const real = fs.createReadStream;
    const spy = vi.spyOn(fs, 'createReadStream').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      reads.push(String(p));
      return real(p, o as Parameters<typeof real>[1]);
    }) as typeof fs.createReadStream);
    let listed: SessionListing[];
    try {
      listed = value(await s.listSessions());
    } finally {
      spy.mockRestore();
    }
    // Each journal read once, both indexed by the time the list is in hand.
    expect(reads.map((p) => path.basename(p)).sort()).toEqual(['session-copied.cjsonl', 'session-older.cjsonl']);
    expect(hasIndex(file) && hasIndex(older)).toBe(true);
    // The row is the one the whole-read summary gives.
    const { size: _size, modifiedAt: _m, path: _p, name: _n, live: _l, ...row } = listed.find((l) => l.name === 'session-copied.cjsonl')!;
    expect(row).toEqual((await summariseWhole(file)).summary);
    expect(row.lines).toBe(lineCount(records));
    // Opening it restores what that pass kept: the same view as a host that reads it whole.
    const restored = value(await s.openJournalFile({ path: 'session-copied.cjsonl' }));
    const rows = await allRows(s);
    fs.rmSync(path.join(journalDir, OPEN_INDEX_DIR), { recursive: true });
    const other = createWorkbenchHost({ mode: 'browser', version: '9.9.9', journalDir, window, openIndexMinBytes: Infinity });
    hosts.push(other);
    const o = client(other);
    expect(value(await o.openJournalFile({ path: 'session-copied.cjsonl' }))).toEqual(restored);
    expect(await allRows(o)).toEqual(rows);
  });

  it('is empty before the first session', async () => {
    const { journalDir, s } = setup();
    fs.rmSync(journalDir, { recursive: true });
    expect(value(await s.listSessions())).toEqual([]);
  });
});

describe('re-opening a session', () => {
  it('opens a listed journal read-only into the log, and says so to every window', async () => {
    const { journalDir, s, host } = setup();
    const records = recordsAt(successSession, Date.UTC(2026, 10, 28, 9));
    put(journalDir, 'session-a.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(records));
    const announced: OpenedSession[] = collect(host, 'onSessionOpened');
    const [listed] = value(await s.listSessions());
    const opened = value(await s.openJournalFile({ path: listed!.path }));
    expect(opened).toMatchObject({ kind: 'journal', name: 'session-a.cjsonl', lines: lineCount(records) });
    expect(announced).toEqual([opened]);
    expect((await allRows(s)).map((r) => r.text)).toContain('+QMTCONN: 0,0,0');
    expect(value(await s.getOpenedSession())).toEqual(opened);
    // The path checks stay: only journals of the folder can be named by the renderer.
    expect(await s.openJournalFile({ path: '/etc/passwd' })).toMatchObject({ ok: false, problem: { code: 'journal.not-in-folder' } });
  });

  it('opens a session file sent as text: the same rows as its journal', async () => {
    const { s } = setup();
    const records = recordsAt(successSession, Date.UTC(2026, 10, 28, 9));
    const { text } = await exportToString(records, { format: 'json' });
    const opened = value(await s.openSessionText({ name: 'ticket-4711.session.jsonl', text }));
    expect(opened).toMatchObject({ kind: 'session-file', name: 'ticket-4711.session.jsonl', records: records.length, lines: lineCount(records) });
    expect(opened.damage).toBeUndefined();
    const rows = await allRows(s);
    expect(rows).toHaveLength(lineCount(records));
    // Redacted at export: the password is not in the reopened log.
    expect(rows.some((r) => r.text.includes('Secr3t'))).toBe(false);
    expect(value(await s.getExchanges()).length).toBeGreaterThan(3);
  });

  it('opens a truncated session file up to the damage and says where it stopped', async () => {
    const { s } = setup();
    const records = recordsAt(successSession, Date.UTC(2026, 10, 28, 9));
    const { text } = await exportToString(records, { format: 'json' });
    const lines = text.split('\n');
    // Header + 10 whole records + half of the 11th: the end marker is gone too.
    const cut = [...lines.slice(0, 11), lines[11]!.slice(0, 20)].join('\n');
    const opened = value(await s.openSessionText({ name: 'cut.session.jsonl', text: cut }));
    expect(opened.records).toBe(10);
    expect(opened.damage).toBe('read 10 records; stopped at line 12: the line is not complete JSON (the file was cut or edited here)');
    expect((await allRows(s)).length).toBe(lineCount(records.slice(0, 10)));
  });

  it('refuses a session file of a newer format version with its reason', async () => {
    const { s } = setup();
    const { text } = await exportToString(recordsAt(successSession, 0), { format: 'json' });
    const future = text.replace('"version":1', '"version":7');
    const r = await s.openSessionText({ name: 'future.session.jsonl', text: future });
    expect(r).toMatchObject({ ok: false, problem: { title: 'This session file was written by a newer version of the app (format version 7).' } });
  });

  it('opens a journal sent as text, and a file on this machine by path (File → Open, the command line)', async () => {
    const { data, s, host } = setup();
    const records = recordsAt(refusedConnectSession, 0);
    const journalText = encodeCompactJournal(records);
    expect(value(await s.openSessionText({ name: 'copied.cjsonl', text: journalText }))).toMatchObject({ kind: 'journal', lines: lineCount(records) });
    const elsewhere = path.join(data, 'from-a-colleague.cjsonl');
    fs.writeFileSync(elsewhere, journalText + '["L"'); // a torn last line
    const opened = value(await host.openSessionPath(elsewhere));
    expect(opened).toMatchObject({ kind: 'journal', path: elsewhere, tornTail: true });
    expect(opened.damage).toMatch(/last line was cut off/);
    expect(await s.openSessionText({ name: 'x.txt', text: 'hello\nworld\n' })).toMatchObject({ ok: false, problem: { title: 'x.txt is not a session file or a journal' } });
    expect(await host.openSessionPath(path.join(data, 'missing.cjsonl'))).toMatchObject({ ok: false, problem: { detail: 'There is no such file.' } });
  });
});

describe('exporting the session shown', () => {
  it('writes a time range to the exports folder beside the journals, redacted, with progress', async () => {
    const { data, journalDir, s, host } = setup();
    const records = recordsAt(successSession, Date.UTC(2026, 10, 28, 9));
    put(journalDir, 'session-a.cjsonl', writerLine(deadPid) + '\n' + encodeCompactJournal(records));
    value(await s.openJournalFile({ path: path.join(journalDir, 'session-a.cjsonl') }));
    const progress = collect(host, 'onExportProgress');
    // Seconds 1.9 to 2.45: the open result, the connect and its result.
    const out = value(await s.exportSession({ format: 'text', range: { kind: 'time', from: '1.9', to: '2.45' }, maskIds: false }));
    expect(path.dirname(out.path)).toBe(path.join(data, 'exports'));
    expect(out.fileName).toMatch(/^session-a-export-.*\.txt$/);
    const text = fs.readFileSync(out.path, 'utf8');
    expect(out.bytes).toBe(Buffer.byteLength(text));
    expect(text).toContain('+QMTOPEN: 0,0');
    expect(text).toContain('+QMTCONN: 0,0,0');
    expect(text).not.toContain('AT+QMTSUB');
    expect(text).not.toContain('Secr3t');
    expect(out.redactions).toEqual({ 'MQTT password or signed user name': 1 });
    expect(progress.map((p) => p.phase)).toContain('writing');
    // The browser's download reads it back; nothing outside the exports folder can be named.
    expect(value(await s.readExportedFile({ fileName: out.fileName })).text).toBe(text);
    expect(await s.readExportedFile({ fileName: '../journals/session-a.cjsonl' })).toMatchObject({ ok: false });
  });

  it('exports a session file opened from text as html, and refuses a range it cannot read', async () => {
    const { s } = setup();
    const { text } = await exportToString(recordsAt(successSession, 0), { format: 'json' });
    value(await s.openSessionText({ name: 'ticket.session.jsonl', text }));
    const out = value(await s.exportSession({ format: 'html', maskIds: true }));
    expect(out.fileName).toMatch(/^ticket-export-.*\.html$/);
    expect(fs.readFileSync(out.path, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(await s.exportSession({ format: 'json', range: { kind: 'time', from: 'yesterday' } })).toMatchObject({ ok: false, problem: { code: 'export.bad-time' } });
  });

  it('exports the exchanges selected in the diagram, by the ids the views show', async () => {
    const { journalDir, s } = setup();
    put(journalDir, 'session-a.cjsonl', encodeCompactJournal(recordsAt(successSession, 0)));
    value(await s.openJournalFile({ path: 'session-a.cjsonl' }));
    const sub = value(await s.getExchanges()).find((x) => x.command.startsWith('AT+QMTSUB'));
    const out = value(await s.exportSession({ format: 'text', range: { kind: 'exchanges', ids: [sub!.id] } }));
    const rows = fs.readFileSync(out.path, 'utf8').trim().split('\n');
    expect(rows.map((r) => r.split('  ').slice(2).join('  '))).toEqual(['AT+QMTSUB=0,1,"site7/cmd/#",1', 'OK', '+QMTSUB: 0,1,0,1']);
    expect(out.exchanges).toBe(1);
    expect(await s.exportSession({ format: 'text', range: { kind: 'exchanges', ids: [] } })).toMatchObject({ ok: false, problem: { code: 'invalid-argument' } });
  });

  it('asks where to save when the app has a save dialog, and says so when cancelled', async () => {
    const { data } = setup();
    const journalDir = path.join(data, 'journals');
    put(journalDir, 'session-a.cjsonl', encodeCompactJournal(recordsAt(successSession, 0)));
    const chosen = path.join(data, 'chosen.mmd');
    const answers: Array<string | undefined> = [chosen, undefined];
    const suggested: string[] = [];
    const host = createWorkbenchHost({ mode: 'electron', version: '1', journalDir, chooseExportPath: async (name) => (suggested.push(name), answers.shift()) });
    hosts.push(host);
    const c = client(host);
    value(await c.openJournalFile({ path: 'session-a.cjsonl' }));
    expect(value(await c.exportSession({ format: 'mermaid' })).path).toBe(chosen);
    expect(fs.readFileSync(chosen, 'utf8')).toMatch(/^sequenceDiagram/);
    expect(suggested[0]).toMatch(/\.mmd$/);
    expect(await c.exportSession({ format: 'mermaid' })).toMatchObject({ ok: false, problem: { code: 'export.cancelled' } });
  });

  it('has nothing to export before any session', async () => {
    const { s } = setup();
    expect(await s.exportSession({ format: 'html' })).toMatchObject({ ok: false, problem: { code: 'export.no-session' } });
  });
});
