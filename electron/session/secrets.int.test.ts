// Secrets end to end: the wizard connects the Virtual EC20 (real PTY, real services) with a planted
// MQTT password, the console sets a planted aliauth DeviceSecret and reads it back; then every
// diagram export the app offers (SVG, PNG, Mermaid) and `workbench diagram` (Mermaid, SVG) is
// produced, and the secrets are in none of them, while the log entries carry their marks.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { checkMermaid } from '../../shared/diagram/mermaid-check';
import { maskSecrets } from '../../shared/mask';
import type { JournalRecord, LogEntry } from '../../shared/model';
import { createDiagramSlice } from '../../renderer/stores/diagram/actions';
import { createWorkbenchHost, type WorkbenchHost } from '../host/services';
import { JOURNAL_EXTENSION, parseJournalText } from './journal';
import { memoryKeyStore } from './key-store';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'Planted-MQTT-pw-4417';
const DEVICE_SECRET = 'PlantedDeviceSecret0x9F3A';
const SECRETS = [PASSWORD, DEVICE_SECRET];

const keys = memoryKeyStore();
let host: WorkbenchHost;
let dir: string;
let log: LogEntry[] = [];
let queryLines: string[] = [];

function workbenchDiagram(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), 'diagram', ...args], { cwd: root, timeout: 100_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const expectNoSecret = (what: string, text: string) => {
  for (const s of SECRETS) expect(text.includes(s), `${what} holds ${s}`).toBe(false);
};

describe('secrets in a live session on the Virtual EC20', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    process.env.WORKBENCH_SIM_SPEED = '0';
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-secrets-'));
    host = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: dir, keys });
    const s = host.services;
    expect((await s.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
    await s.runBringup({ clientId: 'secret-test', tls: false, clientIdx: 0, keepalive: 60, username: 'field-user', password: PASSWORD });
    await s.sendAt({ text: `AT+QMTCFG="aliauth",1,"a1PK","dev-01","${DEVICE_SECRET}"` });
    const query = await s.sendAt({ text: 'AT+QMTCFG="aliauth",1' });
    queryLines = query.ok ? query.value.lines : [];
    const r = await s.getLog({ from: 0, limit: 1_000_000 });
    log = r.ok ? r.value : [];
  }, 120_000);

  afterAll(async () => {
    await host?.shutdown();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the renderer the rows that hold the password and the DeviceSecret masked and marked; a reveal gives one row in clear', async () => {
    expectNoSecret('the log rows', JSON.stringify(log));
    const marked = log.filter((e) => e.secret);
    expect(marked.map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringContaining('AT+QMTCONN=0,"secret-test","field-user","••••••"'), 'AT+QMTCFG="aliauth",1,"a1PK","dev-01","••••••"']));
    expect(marked.some((e) => e.text.startsWith('+QMTCFG: "aliauth"'))).toBe(true); // the query echoes it
    const clear: string[] = [];
    for (const e of marked) {
      const r = await host.services.revealLogRow({ index: e.index });
      expect(r.ok && r.value, e.text).toBeTruthy();
      if (!r.ok || !r.value) continue;
      clear.push(r.value.text);
      expect(maskSecrets(r.value.text, r.value.secret)).toBe(e.text);
    }
    for (const secret of SECRETS) expect(clear.some((t) => t.includes(secret)), secret).toBe(true);
    // The exchanges too: their commands masked as their rows are.
    const xs = await host.services.getExchanges({});
    expect(xs.ok).toBe(true);
    expectNoSecret('the exchanges', JSON.stringify(xs));
    const commands = xs.ok ? xs.value.map((x) => x.command) : [];
    expect(commands).toContain('AT+QMTCFG="aliauth",1,"a1PK","dev-01","••••••"');
    for (const c of commands.filter((c) => c.includes('••••••'))) expect(marked.map((e) => e.text)).toContain(c);
  });

  it('shows the console the DeviceSecret the aliauth query echoes masked', () => {
    expect(queryLines).toEqual(['+QMTCFG: "aliauth","a1PK","dev-01","••••••"']);
  });

  it('produces the app exports (SVG, PNG source, Mermaid) without the secrets', async () => {
    for (const format of ['svg', 'png', 'mermaid'] as const) {
      const r = await host.services.exportDiagram({ format });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expectNoSecret(format, r.value.text);
      expect(r.value.text).toContain('QMTCONN');
      // Redacted on the main side (not merely masked by the layout, which would show ••••••).
      expect(r.value.text).toContain('«redacted»');
      if (format === 'mermaid') expect(checkMermaid(r.value.text)).toEqual([]);
      else expect(r.value.text.startsWith('<svg')).toBe(true);
    }
    expect((await host.services.exportDiagram({ format: 'png' })).ok && (await host.services.exportDiagram({ format: 'png' }))).toMatchObject({ value: { fileName: 'sequence.png' } });
  });

  it('the renderer’s PNG export rasterises the SVG the main side drew from the redacted session', async () => {
    const asked: unknown[] = [];
    const api = {
      exportDiagram: (args: { format: 'svg' | 'png' | 'mermaid' }) => {
        asked.push(args);
        return host.services.exportDiagram(args);
      },
    };
    // The diagram slice as the renderer builds it, bound to the real services.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const store = createStore<any>()((set, get, st) => ({ api, jumpToLogRows() {}, ...createDiagramSlice(set, get, st) }));
    const file = await store.getState().exportDiagramText('png');
    expect(asked).toEqual([{ format: 'png', lang: 'en' }]);
    expect(file.fileName).toBe('sequence.png');
    expect(file.text.startsWith('<svg')).toBe(true);
    expectNoSecret('PNG source', file.text);
    expect(file.text).toContain('«redacted»');
    // No drawing of an export from raw rows is left in the renderer: only the on-screen layout.
    for (const f of [...fs.readdirSync(path.join(root, 'renderer/stores/diagram')).map((n) => `renderer/stores/diagram/${n}`), ...fs.readdirSync(path.join(root, 'renderer/views/Diagram')).map((n) => `renderer/views/Diagram/${n}`)]) {
      if (/\.test\./.test(f)) continue;
      expect(fs.readFileSync(path.join(root, f), 'utf8'), f).not.toMatch(/shared\/diagram\/(svg|mermaid)|shared\/diagram'|diagramToSvg|groupsToMermaid/);
    }
  });

  it('writes the marks into the journal, the secrets sealed, and `workbench diagram` draws it without them', async () => {
    await host.shutdown();
    const file = fs.readdirSync(dir).find((n) => n.endsWith(JOURNAL_EXTENSION));
    expect(file).toBeDefined();
    const journal = path.join(dir, file!);
    expectNoSecret('the journal file', fs.readFileSync(journal, 'utf8'));
    // The laptop's key opens them.
    const { records } = parseJournalText(fs.readFileSync(journal, 'utf8'), { keys });
    const txBytes = records.filter((r): r is Extract<JournalRecord, { bytes: string }> => 'bytes' in r && r.dir === 'tx');
    const conn = txBytes.find((r) => Buffer.from(r.bytes, 'base64').toString('latin1').startsWith('AT+QMTCONN='));
    expect(conn?.secret).toBeDefined();
    const raw = Buffer.from(conn!.bytes, 'base64').toString('latin1');
    expect(conn!.secret!.map(([a, b]) => raw.slice(a, b))).toEqual([PASSWORD]);
    for (const format of ['mermaid', 'svg']) {
      const r = await workbenchDiagram(journal, '--format', format);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('«redacted»');
      expectNoSecret(`workbench diagram --format ${format}`, r.stdout);
    }
  });
});

describe('revealing a row of a sealed journal', { timeout: 120_000 }, () => {
  it('the closed session\'s rows come back masked from the journal; reveal opens one with this laptop\'s key, and a host with another key cannot', async () => {
    process.env.WORKBENCH_SIM_SPEED = '0';
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-reveal-'));
    const own = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: folder, keys: memoryKeyStore() });
    const other = createWorkbenchHost({ mode: 'browser', version: 'test', journalDir: folder, keys: memoryKeyStore() });
    try {
      expect((await own.services.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
      await own.services.sendAt({ text: `AT+QMTCFG="aliauth",1,"a1PK","dev-01","${DEVICE_SECRET}"` });
      const live = await own.services.getLog({ from: 0, limit: 1_000_000 });
      const row = (live.ok ? live.value : []).find((e) => e.secret && e.text.startsWith('AT+QMTCFG="aliauth",1,'));
      const plain = (live.ok ? live.value : []).find((e) => !e.secret);
      expect(row?.secret).toBeDefined();
      await own.services.closePort({});
      // Read back from the journal (the session is closed): the secret is a placeholder there.
      const later = await own.services.getLog({ from: row!.index, limit: 1 });
      expect(later.ok && later.value[0]).toEqual(row);
      const revealed = await own.services.revealLogRow({ index: row!.index });
      const clearText = `AT+QMTCFG="aliauth",1,"a1PK","dev-01","${DEVICE_SECRET}"`;
      expect(revealed).toEqual({ ok: true, value: { index: row!.index, text: clearText, secret: [[clearText.indexOf(DEVICE_SECRET), clearText.length - 1]] } });
      // The same journal opened where the key is another one: nothing to reveal, and no error.
      const file = fs.readdirSync(folder).find((n) => n.endsWith(JOURNAL_EXTENSION))!;
      expect((await other.services.openJournalFile({ path: file })).ok).toBe(true);
      expect(await other.services.revealLogRow({ index: row!.index })).toEqual({ ok: true, value: null });
      // A row with no secret has nothing to reveal.
      expect(await own.services.revealLogRow({ index: plain!.index })).toEqual({ ok: true, value: null });
    } finally {
      await own.shutdown();
      await other.shutdown();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
