// Radio sampling over the real engine (memory modem, manual clock): the round, the interval, the
// firmware that lacks the Quectel extensions, and never a sample between someone else's commands.
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryRig, type MemoryRig } from '../../test-support/engine-rig';
import type { Script, Step } from '../../test-support/scripted-peer';
import { startRadioSampler, type RadioSampler } from './radio-sampler';

const answers: Record<string, Step[]> = {
  'AT+CSQ': ['\r\n+CSQ: 21,99\r\n', '\r\nOK\r\n'],
  'AT+QCSQ': ['\r\n+QCSQ: "LTE",-71,-95,160,-10\r\n', '\r\nOK\r\n'],
  'AT+QENG="servingcell"': ['\r\n+QENG: "servingcell","NOCONN","LTE","FDD",460,00,1A2D001,257,1300,3,5,5,1A2B,-95,-10,-71,160,38\r\n', '\r\nOK\r\n'],
  'AT+QMTOPEN=0,"h",1883': [{ delayMs: 50 }, '\r\nOK\r\n'],
};
const ec25: Script = (c) => answers[c] ?? ['\r\nOK\r\n'];
/** A module without the Quectel radio extensions. */
const plain: Script = (c) => (c.startsWith('AT+Q') ? ['\r\nERROR\r\n'] : ec25(c));

const commands = (rig: MemoryRig): string[] => rig.events.flatMap((e) => (e.type === 'command-started' ? [e.command] : []));

let sampler: RadioSampler | undefined;
afterEach(() => sampler?.dispose());

describe('radio sampler', () => {
  it('samples CSQ, QCSQ, QENG servingcell and the registration views every interval, into the journal', async () => {
    const rig = openMemoryRig(ec25);
    sampler = startRadioSampler({ engine: rig.engine, clock: rig.clock, intervalMs: 1_000, quietMs: 0 });
    await rig.advance(999);
    expect(commands(rig)).toEqual([]);
    for (let i = 0; i < 10; i++) await rig.advance(10);
    expect(commands(rig)).toEqual(['AT+CSQ', 'AT+QCSQ', 'AT+QENG="servingcell"', 'AT+CREG?', 'AT+CGREG?', 'AT+CEREG?']);
    for (let i = 0; i < 120; i++) await rig.advance(10);
    expect(commands(rig)).toHaveLength(12);
    expect(sampler.rounds).toBe(2);
    const tx = rig.journal.filter((r) => 'dir' in r && r.dir === 'tx').map((r) => Buffer.from((r as { bytes: string }).bytes, 'base64').toString());
    expect(tx).toContain('AT+QENG="servingcell"\r');
  });

  it('stops asking what the firmware refuses', async () => {
    const rig = openMemoryRig(plain);
    sampler = startRadioSampler({ engine: rig.engine, clock: rig.clock, intervalMs: 1_000, quietMs: 0 });
    for (let i = 0; i < 230; i++) await rig.advance(10);
    expect(commands(rig)).toEqual(['AT+CSQ', 'AT+QCSQ', 'AT+QENG="servingcell"', 'AT+CREG?', 'AT+CGREG?', 'AT+CEREG?', 'AT+CSQ', 'AT+CREG?', 'AT+CGREG?', 'AT+CEREG?']);
    expect([...sampler.unsupported]).toEqual(['AT+QCSQ', 'AT+QENG="servingcell"']);
  });

  it('waits while the wizard runs, and for a quiet line after a command', async () => {
    const rig = openMemoryRig(ec25);
    let busy = true;
    sampler = startRadioSampler({ engine: rig.engine, clock: rig.clock, intervalMs: 1_000, quietMs: 500, busy: () => busy });
    for (let i = 0; i < 150; i++) await rig.advance(10);
    expect(commands(rig)).toEqual([]);
    busy = false;
    void rig.engine.send({ text: 'AT+QMTOPEN=0,"h",1883', expect: { kind: 'none' } });
    for (let i = 0; i < 40; i++) await rig.advance(10);
    // The command ended about 50 ms in: no sample until 500 ms of quiet have passed.
    expect(commands(rig)).toEqual(['AT+QMTOPEN=0,"h",1883']);
    for (let i = 0; i < 60; i++) await rig.advance(10);
    expect(commands(rig)).toEqual(['AT+QMTOPEN=0,"h",1883', 'AT+CSQ', 'AT+QCSQ', 'AT+QENG="servingcell"', 'AT+CREG?', 'AT+CGREG?', 'AT+CEREG?']);
  });

  it('gives way when a command is queued during its round: the user\'s goes next, the round waits', async () => {
    const slowCsq: Script = (c) => (c === 'AT+CSQ' ? [{ delayMs: 30 }, ...(answers[c] ?? [])] : ec25(c));
    const rig = openMemoryRig(slowCsq);
    sampler = startRadioSampler({ engine: rig.engine, clock: rig.clock, intervalMs: 1_000, quietMs: 0 });
    await rig.advance(1_000);
    // The sampler's AT+CSQ is in flight: a user's command is queued now.
    expect(commands(rig)).toEqual(['AT+CSQ']);
    void rig.engine.send({ text: 'AT+COPS?', expect: { kind: 'single', prefix: '+COPS:' } });
    for (let i = 0; i < 10; i++) await rig.advance(10);
    expect(commands(rig).slice(0, 2)).toEqual(['AT+CSQ', 'AT+COPS?']);
    expect(sampler.rounds).toBe(0);
  });
});
