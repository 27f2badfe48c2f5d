// A session that closes is read in the background for its open index: opening it from the list
// afterwards is a restore, with what reading it would have shown. Virtual EC20 on a real PTY.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT_PATH } from '../../shared/api';
import { memoryKeyStore } from '../session/key-store';
import { OPEN_INDEX_DIR } from './journal-index';
import { createWorkbenchHost } from './services';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-open-index-int-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const keys = memoryKeyStore();
const hostOpts = { mode: 'browser' as const, version: 'test', journalDir: dir, keys, aliyunProfilesDir: path.join(dir, 'config'), window: { entries: 20, exchanges: 10 }, openIndexMinBytes: 1 };

async function openedView(name: string) {
  const host = createWorkbenchHost(hostOpts);
  const batches: unknown[] = [];
  host.hub.on((event, payload) => {
    if (event === 'onLogBatch' || event === 'onExchanges') batches.push(payload);
  });
  const opened = await host.services.openJournalFile({ path: name });
  const log = await host.services.getLog({ from: 0, limit: 1_000 });
  const exchanges = await host.services.getExchanges(undefined);
  await host.shutdown();
  return { opened, batches, log, exchanges };
}

describe('the journal of a session that closed', () => {
  it('gets its open index in the background, and opens from it as it reads', async () => {
    process.env.WORKBENCH_SIM_SPEED = '0';
    const host = createWorkbenchHost(hostOpts);
    const s = host.services;
    expect((await s.openPort({ path: VIRTUAL_PORT_PATH })).ok).toBe(true);
    for (const command of ['AT', 'ATI', 'AT+CSQ', 'AT+CPIN?', 'AT+CGSN', 'AT+QMTCFG="version",0,4', 'AT+CREG?', 'AT+CSQ', 'AT', 'ATI', 'AT+CEREG?', 'AT+CSQ']) {
      expect((await s.sendAt({ text: command })).ok).toBe(true);
    }
    expect((await s.closePort(undefined)).ok).toBe(true);
    const journal = fs.readdirSync(dir).find((n) => n.endsWith('.cjsonl'))!;
    const indexFile = path.join(dir, OPEN_INDEX_DIR, `${journal}.v8`);
    await expect.poll(() => fs.existsSync(indexFile), { timeout: 10_000 }).toBe(true);
    await host.shutdown();

    const restored = await openedView(journal);
    expect(restored.opened.ok && restored.opened.value.lines).toBeGreaterThan(20);
    fs.rmSync(indexFile);
    const read = await openedView(journal);
    expect(restored).toEqual(read);
  });
});
