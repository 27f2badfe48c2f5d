// The pure interpreter for certificates, SSL contexts, the module clock, DNS, ping, URC routing and
// the +QMTSTAT codes the module raises itself (protocol.md §1.4, §3.1, §4.3-4.5), transcript style.
import { describe, expect, it } from 'vitest';
import { applyFaultFlags } from './faults';
import { execute, network, receive, type NetEvent, type NetOp, type Step } from './interpreter';
import { profiles, type ProfileName } from './profiles';
import { initialState, resetState, type ModemState } from './state';
import { formatCclk, parseCclk, qfuplChecksum } from './wire';

const NOW = Date.UTC(2026, 10, 29, 23, 50, 0);

const text = (s: Step) =>
  s.emissions
    .filter((e) => e.kind === 'out')
    .map((e) => Buffer.from(e.bytes).toString('latin1'))
    .join('');
const ops = (s: Step): NetOp[] => s.emissions.flatMap((e) => (e.kind === 'net' ? [e.op] : []));

function ready(profile: ProfileName = 'EC2X-2018'): ModemState {
  return { ...initialState(profiles[profile]), boot: 'ready', echo: false, networkDns: ['10.0.0.53', '10.0.0.54'] };
}

function at(s: ModemState, ...lines: string[]): { state: ModemState; out: string; ops: NetOp[] } {
  let step: Step = { state: s, emissions: [] };
  for (const l of lines) step = execute(step.state, l, NOW);
  return { state: step.state, out: text(step), ops: ops(step) };
}

const net = (s: ModemState, e: NetEvent) => {
  const step = network(s, e);
  return { state: step.state, out: text(step) };
};

function upload(s: ModemState, name: string, data: string): { state: ModemState; out: string } {
  const a = at(s, `AT+QFUPL="${name}",${data.length},5`);
  const b = receive(a.state, Buffer.from(data), NOW);
  return { state: b.state, out: a.out + text(b) };
}

function connectedModem(profile: ProfileName = 'EC2X-2018'): ModemState {
  let s = at(ready(profile), 'AT+QMTOPEN=0,"127.0.0.1",1883').state;
  s = net(s, { type: 'opened', client: 0, result: 0 }).state;
  s = at(s, 'AT+QMTCONN=0,"c0"').state;
  return net(s, { type: 'connack', client: 0, retCode: 0 }).state;
}

describe('file system (protocol.md §4.5)', () => {
  it('QFUPL: CONNECT, the bytes, then +QFUPL: <size>,<checksum> in lower-case hex and OK; 407 when it exists', () => {
    const r = upload(ready(), 'ca.pem', 'ABC');
    // 0x4142 ^ 0x4300 = 0x0242 (odd last byte padded as the high byte).
    expect(r.out).toBe('\r\nCONNECT\r\n\r\n+QFUPL: 3,242\r\n\r\nOK\r\n');
    expect(qfuplChecksum(Buffer.from('ABC'))).toBe('242');
    expect(at(r.state, 'AT+QFUPL="ca.pem",3').out).toBe('\r\n+CME ERROR: 407\r\n');
    expect(at(r.state, 'AT+QFUPL="UFS:ca.pem",3').out).toBe('\r\n+CME ERROR: 407\r\n');
    expect(at(r.state, 'AT+CMEE=2', 'AT+QFUPL="ca.pem",3').out).toBe('\r\n+CME ERROR: file already exists\r\n');
  });

  it.each([
    ['AT+QFUPL="a/b.pem",10', '\r\n+CME ERROR: 406\r\n'],
    ['AT+QFUPL="",10', '\r\n+CME ERROR: 406\r\n'],
    ['AT+QFUPL="big.bin",600000', '\r\n+CME ERROR: 423\r\n'],
    ['AT+QFUPL="x.pem",10,5,2', '\r\nERROR\r\n'],
    ['AT+QFUPL=ca.pem,10', '\r\nERROR\r\n'],
  ])('%s → %j (Cat-1: 512 KiB of UFS)', (line, want) => {
    expect(at(ready('CAT1'), line).out).toBe(want);
  });

  it('ackmode 1 answers "A" after each full KiB, then the result', () => {
    const a = at(ready(), 'AT+QFUPL="k.bin",2500,5,1');
    const b = receive(a.state, Buffer.alloc(2500, 0x20), NOW);
    expect(text(b)).toBe('AA\r\n+QFUPL: 2500,0\r\n\r\nOK\r\n');
  });

  it('QFLST lists UFS files (RAM ones with "RAM:*"), QFLDS gives free and total, QFDEL 405 when absent', () => {
    let s = upload(ready(), 'ca.pem', 'ABCD').state;
    s = upload(s, 'RAM:tmp.pem', 'XY').state;
    expect(at(s, 'AT+QFLST').out).toBe('\r\n+QFLST: "ca.pem",4\r\n\r\nOK\r\n');
    expect(at(s, 'AT+QFLST="RAM:*"').out).toBe('\r\n+QFLST: "RAM:tmp.pem",2\r\n\r\nOK\r\n');
    expect(at(s, 'AT+QFLDS').out).toBe(`\r\n+QFLDS: ${1_048_576 - 4},1048576\r\n\r\nOK\r\n`);
    expect(at(s, 'AT+QFLDS="RAM"').out).toBe(`\r\n+QFLDS: ${1_048_576 - 2},1048576\r\n\r\nOK\r\n`);
    expect(at(s, 'AT+QFDEL="nope.pem"').out).toBe('\r\n+CME ERROR: 405\r\n');
    expect(at(s, 'AT+QFDEL="ca.pem"', 'AT+QFLST').out).toBe('\r\nOK\r\n');
    // RAM files do not survive a reset; UFS files do.
    expect(Object.keys(resetState(s).files)).toEqual(['ca.pem']);
  });
});

describe('AT+QSSLCFG (protocol.md §4.4)', () => {
  it('the test form lists every option; "sni" only where the firmware has it', () => {
    const old = at(ready(), 'AT+QSSLCFG=?').out;
    expect(old).toMatch(/^\r\n\+QSSLCFG: "sslversion",\(0-5\),\(0-4\)\r\n\+QSSLCFG: "ciphersuite",\(0-5\),\(0X0035,0X002F,/);
    for (const o of ['cacert', 'clientcert', 'clientkey', 'seclevel', 'ignorelocaltime', 'negotiatetime']) expect(old).toContain(`+QSSLCFG: "${o}",(0-5),`);
    expect(old).not.toContain('"sni"');
    expect(old.endsWith('\r\n\r\nOK\r\n')).toBe(true);
    expect(at(ready('LTE-LATER'), 'AT+QSSLCFG=?').out).toContain('+QSSLCFG: "sni",(0-5),(0,1)\r\n');
  });

  it('ciphersuite: unquoted hex of a suite the module has; quoted or unknown → ERROR; read back unquoted', () => {
    expect(at(ready(), 'AT+QSSLCFG="ciphersuite",2,0XC02F', 'AT+QSSLCFG="ciphersuite",2').out).toBe('\r\n+QSSLCFG: "ciphersuite",2,0XC02F\r\n\r\nOK\r\n');
    expect(at(ready(), 'AT+QSSLCFG="ciphersuite",2,0xc013', 'AT+QSSLCFG="ciphersuite",2').out).toBe('\r\n+QSSLCFG: "ciphersuite",2,0XC013\r\n\r\nOK\r\n');
    expect(at(ready(), 'AT+QSSLCFG="ciphersuite",2,"0XFFFF"').out).toBe('\r\nERROR\r\n');
    expect(at(ready(), 'AT+QSSLCFG="ciphersuite",2,0X1301').out).toBe('\r\nERROR\r\n');
  });

  it.each([
    ['sslversion', '4'],
    ['seclevel', '0'],
    ['cacert', '""'],
    ['ignorelocaltime', '1'],
    ['negotiatetime', '300'],
  ])('"%s" query shows the default %s', (opt, value) => {
    expect(at(ready(), `AT+QSSLCFG="${opt}",5`).out).toBe(`\r\n+QSSLCFG: "${opt}",5,${value}\r\n\r\nOK\r\n`);
  });

  it('QMTOPEN with "ssl" on hands the network edge the files, the module time and the options of the context', () => {
    let s = upload(ready(), 'ca.pem', 'CA').state;
    s = at(s, 'AT+QSSLCFG="seclevel",2,1', 'AT+QSSLCFG="cacert",2,"ca.pem"', 'AT+QSSLCFG="ignorelocaltime",2,0', 'AT+QSSLCFG="sslversion",2,3', 'AT+QMTCFG="ssl",0,1,2').state;
    s = applyFaultFlags(s, { kind: 'clock', at: '2040-01-01T00:00:00Z' }, NOW);
    const [op] = at(s, 'AT+QMTOPEN=0,"iot.example.org",8883').ops;
    expect(op).toMatchObject({ type: 'open', host: 'iot.example.org', port: 8883, tls: { seclevel: 1, sslversion: 3, missing: [], validAt: Date.parse('2040-01-01T00:00:00Z') } });
    expect(op?.type === 'open' && op.tls?.ca && Buffer.from(op.tls.ca).toString()).toBe('CA');
    // seclevel 2 without the client files: the edge is told which are missing.
    const [op2] = at(s, 'AT+QSSLCFG="seclevel",2,2', 'AT+QSSLCFG="clientcert",2,"c.pem"', 'AT+QMTOPEN=0,"iot.example.org",8883').ops;
    expect(op2?.type === 'open' && op2.tls?.missing).toEqual(['c.pem', '(not set)']);
  });
});

describe('module clock (3GPP TS 27.007 +CCLK)', () => {
  it('reads "yy/MM/dd,hh:mm:ss±zz" in local time with the zone in quarter hours; writes move it', () => {
    const s = { ...ready(), clock: { offsetMs: 0, tz: 8 } };
    expect(at(s, 'AT+CCLK?').out).toBe('\r\n+CCLK: "26/11/30,01:50:00+08"\r\n\r\nOK\r\n');
    const set = at(s, 'AT+CCLK="30/02/28,23:59:30-20"');
    expect(set.out).toBe('\r\nOK\r\n');
    expect(at(set.state, 'AT+CCLK?').out).toBe('\r\n+CCLK: "30/02/28,23:59:30-20"\r\n\r\nOK\r\n');
    for (const bad of ['AT+CCLK="30/02/30,00:00:00+00"', 'AT+CCLK="30/13/01,00:00:00+00"', 'AT+CCLK=30/01/01,00:00:00+00', 'AT+CCLK="30/01/01 00:00:00"']) expect(at(s, bad).out).toBe('\r\nERROR\r\n');
  });

  it('format and parse are inverse', () => {
    const t = parseCclk('24/02/29,12:34:56-05');
    expect(t).toEqual({ at: Date.UTC(2024, 1, 29, 13, 49, 56), tz: -5 });
    expect(formatCclk(t?.at ?? 0, -5)).toBe('24/02/29,12:34:56-05');
  });
});

describe('DNS, ping and URC routing (protocol.md §1.4, §4.3)', () => {
  it('QIDNSCFG: 0.0.0.0 until the context is active, then the network DNS; the host may set its own, used by QMTOPEN', () => {
    expect(at(ready(), 'AT+QIDNSCFG=1').out).toBe('\r\n+QIDNSCFG: 1,"0.0.0.0","0.0.0.0"\r\n\r\nOK\r\n');
    const active = at(ready(), 'AT+QIACT=1').state;
    expect(at(active, 'AT+QIDNSCFG=1').out).toBe('\r\n+QIDNSCFG: 1,"10.0.0.53","10.0.0.54"\r\n\r\nOK\r\n');
    const set = at(active, 'AT+QIDNSCFG=1,"8.8.8.8"');
    expect(at(set.state, 'AT+QIDNSCFG=1').out).toBe('\r\n+QIDNSCFG: 1,"8.8.8.8","0.0.0.0"\r\n\r\nOK\r\n');
    expect(at(set.state, 'AT+QMTOPEN=0,"broker.example.net",1883').ops[0]).toMatchObject({ type: 'open', dns: ['8.8.8.8'] });
    expect(at(active, 'AT+QMTOPEN=0,"broker.example.net",1883').ops[0]).not.toHaveProperty('dns');
    expect(at(active, 'AT+QIDNSCFG=1,"8.8.8"').out).toBe('\r\nERROR\r\n');
  });

  it('QPING: OK, the echoes and the summary as URCs; one at a time', () => {
    const r = at(at(ready(), 'AT+QIACT=1').state, 'AT+QPING=1,"broker.example.net",3,2');
    expect(r.out).toBe('\r\nOK\r\n');
    expect(r.ops).toEqual([{ type: 'qping', host: 'broker.example.net', timeoutS: 3, count: 2 }]);
    expect(at(r.state, 'AT+QPING=1,"x"').out).toBe('\r\nERROR\r\n');
    let s = net(r.state, { type: 'qping-reply', result: 0, ip: '93.184.216.34', bytes: 32, timeMs: 41, ttl: 64 });
    expect(s.out).toBe('\r\n+QPING: 0,"93.184.216.34",32,41,64\r\n');
    s = net(s.state, { type: 'qping-reply', result: 569 });
    expect(s.out).toBe('\r\n+QPING: 569\r\n');
    s = net(s.state, { type: 'qping-done', result: 0, sent: 2, rcvd: 1, lost: 1, min: 41, max: 41, avg: 41 });
    expect(s.out).toBe('\r\n+QPING: 0,2,1,1,41,41,41\r\n');
    expect(s.state.pinging).toBe(false);
    expect(net(at(ready(), 'AT+QIACT=1', 'AT+QPING=1,"x"').state, { type: 'qping-done', result: 565 }).out).toBe('\r\n+QPING: 565\r\n');
  });

  it('URCs reach the host only when the URC port is the one it is on; the setting survives a reset', () => {
    const s = at(ready(), 'AT+QURCCFG="urcport","uart1"', 'AT+QMTOPEN=0,"127.0.0.1",1883').state;
    expect(net(s, { type: 'opened', client: 0, result: 0 }).out).toBe('');
    expect(resetState(s).urcport).toBe('uart1');
    const onUart = { ...s, hostPort: 'uart1' as const };
    expect(net(onUart, { type: 'opened', client: 0, result: 0 }).out).toBe('\r\n+QMTOPEN: 0,0\r\n');
    expect(applyFaultFlags(ready(), { kind: 'urc-routing', on: true }).hostPort).toBe('uart1');
  });
});

describe('+QMTSTAT codes the module raises itself (protocol.md §3.1)', () => {
  it('6: a publish whose resends all went unanswered gives the link up', () => {
    const s = connectedModem();
    const r = net(s, { type: 'puback', client: 0, msgId: 5, result: 2, resultPrefix: '+QMTPUBEX' });
    expect(r.out).toBe('\r\n+QMTPUBEX: 0,5,2\r\n\r\n+QMTSTAT: 0,6\r\n');
    expect(r.state.clients[0]?.phase).toBe('closed');
    expect(net(s, { type: 'suback', client: 0, msgId: 1, result: 2, values: [] }).out).toBe('\r\n+QMTSUB: 0,1,2\r\n\r\n+QMTSTAT: 0,6\r\n');
  });

  it('7 on 2018 firmware, 8 on Cat-1 when the module drops the link itself (QIDEACT, CFUN=0)', () => {
    expect(at(connectedModem(), 'AT+QIDEACT=1').out).toBe('\r\nOK\r\n\r\n+QMTSTAT: 0,7\r\n');
    expect(at(connectedModem('CAT1'), 'AT+QIDEACT=1').out).toBe('\r\nOK\r\n\r\n+QMTSTAT: 0,8\r\n');
    expect(at(connectedModem('CAT1'), 'AT+CFUN=0').out).toBe('\r\nOK\r\n\r\n+QMTSTAT: 0,8\r\n');
  });

  it('3: the CONNECT could not be sent (the edge reports the socket failing under it)', () => {
    let s = at(ready(), 'AT+QMTOPEN=0,"127.0.0.1",1883').state;
    s = net(s, { type: 'opened', client: 0, result: 0 }).state;
    s = at(s, 'AT+QMTCONN=0,"c0"').state;
    expect(net(s, { type: 'link-lost', client: 0, code: 3 }).out).toBe('\r\n+QMTSTAT: 0,3\r\n');
  });
});

describe('identity (3GPP TS 27.007)', () => {
  it('CIMI bare, QCCID with its prefix, CGATT attached', () => {
    expect(at(ready(), 'AT+CIMI').out).toBe('\r\n001010123456789\r\n\r\nOK\r\n');
    expect(at(ready(), 'AT+QCCID').out).toBe('\r\n+QCCID: 89860012345678901234\r\n\r\nOK\r\n');
    expect(at(ready(), 'AT+CGATT?').out).toBe('\r\n+CGATT: 1\r\n\r\nOK\r\n');
  });
});
