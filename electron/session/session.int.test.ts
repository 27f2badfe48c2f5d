// A real session end to end: the AT engine drives the virtual EC20 over a PTY (its MQTT side on an
// embedded aedes broker) while writing the journal; the journal is then read back, grouped,
// explained, redacted and drawn — in-process and through `workbench diagram`.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createQuectelEngine } from '../quectel/engine';
import type { AtEngine, SerialTransport } from '../at/types';
import { openSerial } from '../serial/transport';
import { startVirtualModem, type VirtualModem } from '../simulator/index';
import { configure, connect, disconnect, openNetwork, publish, subscribe } from '../quectel/mqtt';
import { openJournal, readJournal, type Journal } from './journal';
import { sessionModel } from './model';
import { sessionToMermaid as toMermaid } from '../../shared/diagram';
import { checkMermaid } from './export/mermaid-check';
import type { Exchange } from '../../shared/model';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-session-'));
let vm: VirtualModem | undefined;
let transport: SerialTransport | undefined;
let engine: AtEngine | undefined;
let journal: Journal | undefined;

afterEach(async () => {
  engine?.dispose();
  await transport?.close().catch(() => undefined);
  await journal?.close().catch(() => undefined);
  await vm?.stop();
  vm = transport = engine = journal = undefined;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function start(file: string): Promise<AtEngine> {
  vm = await startVirtualModem({ speed: 0.05, skipPowerUp: true });
  const t = await openSerial(vm.hostPath);
  if (!t.ok) throw new Error(t.problem.detail);
  transport = t.value;
  journal = openJournal(file, { flushIntervalMs: 20 });
  engine = createQuectelEngine(transport, { journal, timeoutScale: 3 });
  return engine;
}

const names = (x: Exchange | undefined) => (x?.implied ?? []).map((p) => `${p.name}${p.failed ? '!' : ''}`);
const find = (xs: Exchange[], prefix: string) => xs.find((x) => x.command.startsWith(prefix));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the journal on disk holds a URC of this name (a loaded machine may take seconds). */
async function journalShows(file: string, urc: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    await journal?.flush();
    const { records } = await readJournal(file);
    if (records.some((r) => 'event' in r && r.event.type === 'urc' && r.event.name === urc)) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no +${urc} in the journal after ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('diagram of a real session with the virtual EC20', { timeout: 150_000 }, () => {
  it('groups open, connect, subscribe, QoS 1 and 2 publishes, the echoed message and disconnect', async () => {
    const file = path.join(dir, 'ok.jsonl');
    const e = await start(file);
    const must = <T>(o: { ok: true; value: T } | { ok: false; problem: { detail: string } }): T => {
      if (!o.ok) throw new Error(o.problem.detail);
      return o.value;
    };
    must(await configure(e, 0, { version: 4, recvMode: { buffered: false, lengthField: true } }));
    must(await openNetwork(e, { client: 0, host: 'localhost', port: vm?.embedded?.port ?? 0 }));
    must(await connect(e, { client: 0, clientId: 'wb-int-0001', username: 'fielduser', password: 'Secr3t-pass' }));
    must(await subscribe(e, { client: 0, msgId: 1, topics: [{ topic: 'wb/int/#', qos: 1 }] }));
    must(await publish(e, { client: 0, msgId: 7, qos: 1, retain: false, topic: 'wb/int/a', payload: 'one', form: 'prompt' }));
    must(await publish(e, { client: 0, msgId: 8, qos: 2, retain: false, topic: 'wb/int/b', payload: 'two', form: 'prompt' }));
    await journalShows(file, 'QMTRECV');
    must(await disconnect(e, 0));
    await journal?.close();

    const { records, tornTail } = await readJournal(file);
    expect(tornTail).toBe(false);
    const model = sessionModel(records);
    const xs = model.exchanges;
    expect(find(xs, 'AT+QMTOPEN')?.outcome).toBe('ok');
    expect(names(find(xs, 'AT+QMTOPEN'))).toEqual(['DNS query', 'DNS answer', 'SYN', 'SYN-ACK', 'ACK']);
    expect(names(find(xs, 'AT+QMTCONN'))).toEqual(['CONNECT', 'CONNACK']);
    expect(names(find(xs, 'AT+QMTSUB'))).toEqual(['SUBSCRIBE', 'SUBACK']);
    const pubs = xs.filter((x) => /^AT\+QMTPUB(EX)?=/.test(x.command));
    expect(pubs.map((x) => [x.outcome, names(x)])).toEqual([
      ['ok', ['PUBLISH', 'PUBACK']],
      ['ok', ['PUBLISH', 'PUBREC', 'PUBREL', 'PUBCOMP']],
    ]);
    expect(xs.some((x) => x.kind === 'urc' && x.command.startsWith('+QMTRECV: 0,'))).toBe(true);
    expect(names(find(xs, 'AT+QMTDISC'))).toEqual(['DISCONNECT', 'FIN']);
    for (const x of xs.filter((x) => x.kind === 'command')) expect(x.outcome, x.command).toBe('ok');

    const mermaid = toMermaid(model);
    expect(checkMermaid(mermaid)).toEqual([]);
    expect(mermaid).not.toContain('Secr3t-pass');
    expect(mermaid).toContain('«redacted»');

    const cli = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'diagram', file], { cwd: root, timeout: 60_000 }, (err, stdout) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout }),
      ),
    );
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(mermaid);
  });

  it('shows a refused CONNECT with the catalogue explanation and the server closing the link', async () => {
    const file = path.join(dir, 'refused.jsonl');
    const e = await start(file);
    vm?.inject({ kind: 'connack-refused', code: 4 });
    const opened = await openNetwork(e, { client: 0, host: '127.0.0.1', port: vm?.embedded?.port ?? 0 });
    expect(opened.ok).toBe(true);
    const conn = await connect(e, { client: 0, clientId: 'wb-int-0002', username: 'u', password: 'wrong-pass' });
    expect(conn.ok).toBe(false);
    await journalShows(file, 'QMTSTAT'); // about 100 ms after the refusal (simulated)
    await journal?.close();

    const model = sessionModel((await readJournal(file)).records);
    const c = find(model.exchanges, 'AT+QMTCONN');
    expect(c?.outcome).toBe('error');
    expect(names(c)).toEqual(['CONNECT', 'CONNACK!']);
    expect(c?.problem?.code).toBe('connack.4');
    expect(names(find(model.exchanges, 'AT+QMTOPEN'))).toEqual(['SYN', 'SYN-ACK', 'ACK']);
    const stat = model.exchanges.find((x) => x.command === '+QMTSTAT: 0,1');
    expect(names(stat)).toEqual(['FIN/RST!']);
    expect(checkMermaid(toMermaid(model))).toEqual([]);
  });
});
