// Probing over real PTYs: a peer that answers, one that stays silent, and a port another program
// has locked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { openScriptedPeer, type ScriptedPeer } from '../../test-support/scripted-peer';
import { modemManagerRunning, probePort, probePorts } from './probe';

const peers: ScriptedPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
});

async function peer(answer: boolean): Promise<ScriptedPeer> {
  const p = await openScriptedPeer((cmd: string) => (answer && cmd === 'AT' ? ['\r\nOK\r\n'] : []));
  peers.push(p);
  return p;
}

describe('probe', () => {
  it('finds the port that answers AT', async () => {
    const good = await peer(true);
    const silent = await peer(false);
    const r = await probePorts([{ path: silent.hostPath }, { path: good.hostPath }], { timeoutMs: 1_500 });
    expect(r).toEqual([
      expect.objectContaining({ path: silent.hostPath, answers: false }),
      { path: good.hostPath, answers: true },
    ]);
    expect(r[0]?.problem?.code).toBe('probe.no-answer');
  });

  it('names ModemManager when another program holds the port', async () => {
    const p = await peer(true);
    const holder = new SerialPort({ path: p.hostPath, baudRate: 115200, lock: true });
    await new Promise<void>((resolve, reject) => { holder.once('open', () => resolve()); holder.once('error', reject); });
    try {
      const r = await probePort(p.hostPath, { platform: 'linux', timeoutMs: 1_500 });
      expect(r.answers).toBe(false);
      expect(r.problem?.code).toBe('port.busy');
      expect(r.problem?.nextStep).toMatch(/systemctl stop ModemManager/);
      expect(r.problem?.nextStep).toMatch(/ID_MM_DEVICE_IGNORE/);
    } finally {
      await new Promise<void>((r) => holder.close(() => r()));
    }
  });

  it('says ModemManager is running when a silent port may be shared with it', async () => {
    const silent = await peer(false);
    const r = await probePort(silent.hostPath, { platform: 'linux', modemManagerRunning: true, timeoutMs: 500, attempts: 1 });
    expect(r.problem?.nextStep).toMatch(/^ModemManager is running/);
    const quiet = await probePort(silent.hostPath, { platform: 'linux', modemManagerRunning: false, timeoutMs: 500, attempts: 1 });
    expect(quiet.problem?.nextStep).toMatch(/^This may not be the AT port/);
  });

  it('finds a running ModemManager by its process name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-proc-'));
    try {
      fs.mkdirSync(path.join(dir, '123'));
      fs.writeFileSync(path.join(dir, '123', 'comm'), 'bash\n');
      expect(modemManagerRunning(dir)).toBe(false);
      fs.mkdirSync(path.join(dir, '456'));
      fs.writeFileSync(path.join(dir, '456', 'comm'), 'ModemManager\n');
      expect(modemManagerRunning(dir)).toBe(true);
      expect(modemManagerRunning(path.join(dir, 'absent'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing path as not found', async () => {
    const r = await probePort('/dev/does-not-exist-wb', { timeoutMs: 500 });
    expect(r).toMatchObject({ answers: false, problem: { code: 'port.not-found' } });
  });
});
