import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryRig } from '../../test-support/engine-rig';
import type { Script, Step } from '../../test-support/scripted-peer';
import { buildQping, clockLooksUnset, parseCclk, parseCgatt, parseCimi, parsePingSeries, parseQccid, parseQidnscfg, parseQpingLine, parseUrcport, urcPortMatches } from './diag';
import { runDiagnostic } from './diagnostics';

describe('diagnosis parsers', () => {
  it('reads the URC port and tells whether it is the port in use', () => {
    expect(parseUrcport(['+QURCCFG: "urcport","usbat"', 'OK'])).toEqual({ ok: true, value: 'usbat' });
    expect(parseUrcport(['OK'])).toMatchObject({ ok: false });
    expect(urcPortMatches('usbat', '/dev/ttyS0')).toBe(false);
    expect(urcPortMatches('uart1', '/dev/ttyAMA0')).toBe(true);
    expect(urcPortMatches('usbat', '/dev/ttyUSB2')).toBe(true);
    // A USB–serial adapter on the main UART is a ttyUSB too: uart1 may be right there.
    expect(urcPortMatches('uart1', '/dev/ttyUSB0')).toBeUndefined();
    expect(urcPortMatches('usbat', 'COM5')).toBeUndefined();
    expect(urcPortMatches('usbat', 'virtual')).toBeUndefined();
  });

  it('reads attach, DNS servers, clock and SIM identity', () => {
    expect(parseCgatt(['+CGATT: 1'])).toEqual({ ok: true, value: true });
    expect(parseCgatt(['+CGATT: 0'])).toEqual({ ok: true, value: false });
    expect(parseQidnscfg(['+QIDNSCFG: 1,"10.0.0.1","8.8.8.8"'])).toEqual({ ok: true, value: { cid: 1, primary: '10.0.0.1', secondary: '8.8.8.8' } });
    expect(parseQidnscfg(['+QIDNSCFG: 1,"0.0.0.0","0.0.0.0"'])).toEqual({ ok: true, value: { cid: 1 } });
    expect(parseQidnscfg(['+QIDNSCFG: "1.1.1.1"'])).toEqual({ ok: true, value: { primary: '1.1.1.1' } });
    const c = parseCclk(['+CCLK: "26/11/29,23:41:33+32"']);
    expect(c.ok && c.value.date.toISOString()).toBe('2026-11-29T15:41:33.000Z');
    const unset = parseCclk(['+CCLK: "80/01/06,00:01:02+00"']);
    expect(unset.ok && clockLooksUnset(unset.value)).toBe(true);
    expect(parseCclk(['+CCLK: "soon"'])).toMatchObject({ ok: false });
    expect(parseQccid(['+QCCID: 89860012345678901234F'])).toEqual({ ok: true, value: '89860012345678901234' });
    expect(parseCimi(['001010123456789', 'OK'])).toEqual({ ok: true, value: '001010123456789' });
  });

  it('reads the +QPING series: replies, lost packets, the summary or an error that ends it (protocol.md quirk 20)', () => {
    expect(parseQpingLine('+QPING: 0,"93.184.216.34",32,83,255')).toEqual({ ok: true, value: { kind: 'reply', reply: { result: 0, ip: '93.184.216.34', bytes: 32, timeMs: 83, ttl: 255 } } });
    expect(parseQpingLine('+QPING: 0,4,4,0,70,83,76')).toEqual({ ok: true, value: { kind: 'summary', summary: { result: 0, sent: 4, received: 4, lost: 0, minMs: 70, maxMs: 83, avgMs: 76 } } });
    expect(parseQpingLine('+QPING: 565')).toEqual({ ok: true, value: { kind: 'error', result: 565 } });
    expect(parsePingSeries(['+QPING: 0,"1.2.3.4",32,10,64', '+QPING: 569', '+QPING: 0,2,1,1,10,10,10'])).toEqual({ replies: [{ result: 0, ip: '1.2.3.4', bytes: 32, timeMs: 10, ttl: 64 }, { result: 569 }], summary: { result: 0, sent: 2, received: 1, lost: 1, minMs: 10, maxMs: 10, avgMs: 10 } });
    expect(buildQping({ cid: 1, host: 'example.net', timeoutS: 2, count: 3 }).text).toBe('AT+QPING=1,"example.net",2,3');
    expect(() => buildQping({ cid: 1, host: 'a"b' })).toThrow(TypeError);
  });
});

describe('diagnostic checks over the engine', () => {
  let rig: ReturnType<typeof openMemoryRig> | undefined;
  afterEach(() => rig?.engine.dispose());
  const answers = (table: Record<string, Step[]>): Script => (cmd) => table[cmd] ?? ['\r\nERROR\r\n'];

  it('names a URC port that is not the UART in use: "OK but never a URC"', async () => {
    rig = openMemoryRig(answers({ 'AT+QURCCFG="urcport"': ['\r\n+QURCCFG: "urcport","usbat"\r\n\r\nOK\r\n'] }));
    const r = await runDiagnostic(rig.engine, 'urcport', { portPath: '/dev/ttyS1' });
    expect(r).toMatchObject({ check: 'urcport', verdict: 'fail', finding: { port: 'usbat', reachesThisPort: false }, problem: { code: 'diag.urcport-elsewhere', nextStep: expect.stringMatching(/uart1/) } });
    expect(r.summary).toMatch(/OK but never a URC/);
  });

  it('says when the module is not attached, and when the context has no DNS server', async () => {
    rig = openMemoryRig(answers({ 'AT+CGATT?': ['\r\n+CGATT: 0\r\n\r\nOK\r\n'], 'AT+QIDNSCFG=1': ['\r\n+QIDNSCFG: 1,"0.0.0.0","0.0.0.0"\r\n\r\nOK\r\n'] }));
    expect(await runDiagnostic(rig.engine, 'attach')).toMatchObject({ verdict: 'fail', problem: { code: 'diag.detached' } });
    expect(await runDiagnostic(rig.engine, 'dns', { cid: 1 })).toMatchObject({ verdict: 'fail', problem: { code: 'diag.no-dns' } });
  });

  it('waits for the whole ping series after OK and summarises it', async () => {
    rig = openMemoryRig(answers({
      'AT+QPING=1,"broker.example.net",1,2': ['\r\nOK\r\n', { delayMs: 100 }, '\r\n+QPING: 0,"10.1.2.3",32,41,54\r\n', { delayMs: 100 }, '\r\n+QPING: 0,"10.1.2.3",32,45,54\r\n', '\r\n+QPING: 0,2,2,0,41,45,43\r\n'],
    }));
    const lines: string[] = [];
    const run = runDiagnostic(rig.engine, 'ping', { host: 'broker.example.net', timeoutS: 1, count: 2, onPingLine: (l) => lines.push(l) });
    await rig.advance(100);
    await rig.advance(100);
    const r = await run;
    expect(r).toMatchObject({ check: 'ping', verdict: 'pass', summary: 'broker.example.net: 2 replies, 43 ms average', finding: { summary: { sent: 2, received: 2 } } });
    expect(lines).toHaveLength(3);
  });

  it('a DNS failure ends the ping with the TCP/IP code\'s explanation', async () => {
    rig = openMemoryRig(answers({ 'AT+QPING=1,"nowhere.invalid"': ['\r\nOK\r\n', '\r\n+QPING: 565\r\n'] }));
    expect(await runDiagnostic(rig.engine, 'ping', { host: 'nowhere.invalid' })).toMatchObject({ verdict: 'fail', problem: { code: 'cme.565' } });
  });

  it('a clock never set is a warning; the SIM identity reads ICCID and IMSI', async () => {
    rig = openMemoryRig(answers({ 'AT+CCLK?': ['\r\n+CCLK: "80/01/06,00:01:02+00"\r\n\r\nOK\r\n'], 'AT+QCCID': ['\r\n+QCCID: 89860012345678901234\r\n\r\nOK\r\n'], 'AT+CIMI': ['\r\n001010123456789\r\n\r\nOK\r\n'] }));
    expect(await runDiagnostic(rig.engine, 'clock')).toMatchObject({ verdict: 'warn', finding: { unset: true }, problem: { code: 'diag.clock-unset' } });
    expect(await runDiagnostic(rig.engine, 'sim-identity')).toMatchObject({ verdict: 'pass', finding: { iccid: '89860012345678901234', imsi: '001010123456789' } });
  });
});
