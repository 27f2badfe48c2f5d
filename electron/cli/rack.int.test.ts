// A rack from the command line: eight Virtual EC20s brought up in parallel against one mosquitto,
// each with its own complete journal, each verdict published to a --report mqtt:// topic and read
// back with mosquitto_sub. Child processes, real PTYs, a real broker.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../session/journal';
import { hasMosquitto, startMosquitto, type Mosquitto } from '../../test-support/fault-rig';
import { cleanupCliRuns, jsonLines, runWorkbench } from '../../test-support/cli-run';

let broker: Mosquitto;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-rack-'));
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.stop();
  cleanupCliRuns();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** mosquitto_sub collecting `count` messages of `topic` (started before the run, so nothing is missed). */
function subscribe(topic: string, count: number): { ready: Promise<void>; messages: Promise<string[]> } {
  // Line-buffered: its output goes to a pipe, where it would otherwise come only at exit.
  const sub = spawn('stdbuf', ['-oL', 'mosquitto_sub', '-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-q', '1', '-C', String(count), '-W', '30', '-d'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let ready: () => void = () => undefined;
  const readyP = new Promise<void>((r) => (ready = r));
  sub.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (/SUBACK/.test(out)) ready();
  });
  const messages = new Promise<string[]>((resolve) => sub.on('close', () => resolve(out.split('\n').filter((l) => l.startsWith('{')))));
  return { ready: readyP, messages };
}

describe.skipIf(!hasMosquitto)('workbench bringup on a rack (child process)', { timeout: 120_000 }, () => {
  it('brings eight Virtual EC20s up in parallel, each journal its own, each verdict reported over MQTT', async () => {
    const topic = 'factory/line1/station3';
    const sub = subscribe(topic, 9);
    await sub.ready;
    const ports = Array.from({ length: 8 }, () => ['--port', 'virtual']).flat();
    const journals = path.join(dir, 'journals');
    const r = await runWorkbench('bringup', [...ports, '--server', `127.0.0.1:${broker.port}`, '--client-id', 'rack', '--journal-dir', journals, '--json', '--report', `mqtt://127.0.0.1:${broker.port}/${topic}`]);
    expect(r.code).toBe(0);
    const rows = jsonLines(r);
    expect(rows).toHaveLength(9);
    const perPort = rows.slice(0, 8);
    expect(new Set(perPort.map((p) => p.port))).toEqual(new Set(Array.from({ length: 8 }, (_, i) => `virtual#${i + 1}`)));
    for (const p of perPort) expect(p).toMatchObject({ ok: true, exitCode: 0, result: { ok: true, step: 'ready', code: null, data: { mqtt: { state: 'connected' } } } });
    expect(rows[8]).toMatchObject({ summary: true, command: 'bringup', ports: 8, passed: 8, failed: 0 });

    // Each journal: its own file, its own port, the whole bring-up of its own client.
    const files = perPort.map((p) => String(p.journal));
    expect(new Set(files).size).toBe(8);
    expect(fs.readdirSync(journals)).toHaveLength(8);
    const devices = new Set<string>();
    const clients = new Set<string>();
    for (const f of files) {
      const { records, tornTail, skipped } = await readJournal(f);
      expect({ tornTail, skipped }).toEqual({ tornTail: false, skipped: 0 });
      const events = records.flatMap((x) => ('event' in x ? [x.event] : []));
      const opened = events.filter((e) => e.type === 'port-opened');
      expect(opened).toHaveLength(1);
      devices.add(opened[0]?.type === 'port-opened' ? opened[0].path : '');
      const conns = events.filter((e) => e.type === 'command-started' && /^AT\+QMTCONN=/.test(e.command));
      expect(conns).toHaveLength(1);
      clients.add(conns[0]?.type === 'command-started' ? (/"([^"]+)"/.exec(conns[0].command)?.[1] ?? '') : '');
      expect(events.some((e) => e.type === 'urc' && e.text === '+QMTCONN: 0,0,0')).toBe(true);
      expect(events.filter((e) => e.type === 'command-started').length).toBe(events.filter((e) => e.type === 'command-ended').length);
    }
    expect(devices.size).toBe(8);
    expect(clients).toEqual(new Set(Array.from({ length: 8 }, (_, i) => `rack-${i + 1}`)));

    // What the line's dashboard receives: eight verdicts and the summary.
    const raw = await sub.messages;
    const got = raw.map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(got).toHaveLength(9);
    expect(got.filter((m) => m.kind === 'port').map((m) => m.port).sort()).toEqual(perPort.map((p) => p.port).sort());
    for (const m of got.filter((x) => x.kind === 'port')) expect(m).toMatchObject({ command: 'bringup', ok: true, station: os.hostname(), result: { step: 'ready' } });
    expect(got.find((m) => m.kind === 'summary')).toMatchObject({ ports: 8, passed: 8 });
  });

  it('a faulted port fails alone; the table and exit code say so; --report FILE.jsonl appends', async () => {
    const file = path.join(dir, 'results.jsonl');
    const r = await runWorkbench('bringup', ['--port', 'virtual', '--port', 'virtual', '--fault', 'sim-missing', '--report', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^virtual#1 +FAILED +sim /m);
    expect(r.stdout).toMatch(/^0 of 2 ready/m);
    const again = await runWorkbench('bringup', ['--port', 'virtual', '--report', file, '--json']);
    expect(again.code).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.kind)).toEqual(['port', 'port', 'summary', 'port', 'summary']);
  });
});
