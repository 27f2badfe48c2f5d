// The services under a +QMTRECV flood far longer than their window, over a real PTY: the main
// process holds only the window of log entries, exchanges and received messages; any older row is
// still served (read back from the journal); closing the port lets the whole session go.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openScriptedPeer, tableScript, type ScriptedPeer } from '../../test-support/scripted-peer';
import { createWorkbenchHost, type WorkbenchHost } from './services';

const WINDOW = { entries: 3_000, exchanges: 1_500, messages: 200 };
const FLOOD = 70_000; // about 3 journal records each: over 200k records through the services

let host: WorkbenchHost;
let dir: string;
let peer: ScriptedPeer | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-mem-'));
  host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, window: WINDOW });
});

afterEach(async () => {
  await host.shutdown();
  await peer?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const recv = (i: number) => `+QMTRECV: 0,${(i % 65535) + 1},"fleet/${i % 5}",${String(i).length + 2},"n${i}!"`;

describe('main-process memory under a long +QMTRECV flood', () => {
  it('holds only the window, serves early rows from the journal, and lets the session go on close', async () => {
    const s = host.services;
    peer = await openScriptedPeer(tableScript({ ATI: ['\r\nQuectel\r\nEC20F\r\nRevision: EC20CEFAR06A03M4G\r\n\r\nOK\r\n'] }));
    expect((await s.openPort({ path: peer.hostPath })).ok).toBe(true);
    expect((await s.sendAt({ text: 'ATI' })).ok).toBe(true);
    for (let i = 0; i < FLOOD; i += 1_000) {
      await peer.write(Array.from({ length: 1_000 }, (_, k) => `\r\n${recv(i + k)}\r\n`).join(''));
    }
    // Every delivery becomes one log entry (after the ATI exchange's lines).
    await expect.poll(async () => (await s.getMessages(undefined)).ok && host.held().entryCount, { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(FLOOD);
    const held = host.held();
    const total = held.entryCount;
    expect(held.entries).toBeLessThanOrEqual(WINDOW.entries);
    expect(held.exchanges).toBeLessThanOrEqual(WINDOW.exchanges);
    expect(held.messages).toBeLessThanOrEqual(WINDOW.messages);
    expect(held.firstEntry).toBeGreaterThan(FLOOD - WINDOW.entries);

    const messages = await s.getMessages(undefined);
    expect(messages.ok && messages.value.at(-1)?.payloadText).toBe(`n${FLOOD - 1}!`);

    // The first rows of the session are long out of the window: read back from the journal.
    const early = await s.getLog({ from: 0, limit: 2 });
    expect(early.ok && early.value.map((e) => [e.index, e.text])).toEqual([
      [0, 'ATI'],
      [1, 'Quectel'],
    ]);
    // A page across the window's edge is contiguous.
    const edge = await s.getLog({ from: held.firstEntry - 100, limit: 200 });
    expect(edge.ok && edge.value.map((e) => e.index)).toEqual(Array.from({ length: 200 }, (_, i) => held.firstEntry - 100 + i));
    // The diagram of an exchange beyond the window is drawn from the journal.
    const diagram = await s.exportDiagram({ format: 'mermaid', exchangeIds: [0] });
    expect(diagram.ok && diagram.value.text).toContain('ATI');

    expect((await s.closePort(undefined)).ok).toBe(true);
    const after = host.held();
    expect(after).toMatchObject({ entries: 0, exchanges: 0, messages: 0, commands: 0, pendingResults: 0, changed: 0, sessionOpen: false });
    // Everything logged is still there, from the journal.
    const first = await s.getLog({ from: 0, limit: 1 });
    expect(first.ok && first.value[0]?.text).toBe('ATI');
    const last = await s.getLog({ from: total - 1, limit: 5 });
    expect(last.ok && last.value.map((e) => e.text)).toEqual([recv(FLOOD - 1)]);
    const exchanges = await s.getExchanges(undefined);
    expect(exchanges.ok && exchanges.value.length).toBeLessThanOrEqual(WINDOW.exchanges);
    expect(exchanges.ok && exchanges.value.at(-1)?.command).toBe(recv(FLOOD - 1));
  }, 180_000);
});
