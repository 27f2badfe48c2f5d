// The comparison of the modem's bring-up with the laptop's probe: every combination of where each
// side stopped gives a verdict that names the right side and says why in plain words.
import { describe, expect, it } from 'vitest';
import { BRINGUP_STEP_IDS, type BringupResult, type BringupStepId } from './bringup';
import { compareProbe, phaseOfStep, PROBE_STAGE_IDS, probeVerdictLine, type ProbeResult, type ProbeStage, type ProbeStageId } from './probe';
import type { Problem } from './outcome';
import { msgIn } from './protocol/localize';

const p = (code: string, title: string): Problem => ({ code, title, detail: '', nextStep: 'next' });

/** A bring-up that passed every step before `failAt` and failed there (or passed them all). */
function modem(failAt?: BringupStepId, problem?: Problem): BringupResult {
  const steps = [];
  for (const id of BRINGUP_STEP_IDS) {
    if (id === failAt) {
      steps.push({ id, title: id, status: 'failed' as const, ...(problem ? { problem } : {}) });
      break;
    }
    steps.push({ id, title: id, status: 'passed' as const });
  }
  return failAt ? { ok: false, step: failAt, ...(problem ? { problem } : {}), steps } : { ok: true, step: 'ready', steps };
}

/** A probe that passed every stage before `failAt` and failed there. */
function laptop(failAt?: ProbeStageId, extra: Partial<ProbeStage> = {}, tls = false): ProbeResult {
  const stages: ProbeStage[] = [];
  let failed: ProbeStage | undefined;
  for (const id of PROBE_STAGE_IDS) {
    if (failed || id === 'roundtrip' || (id === 'tls' && !tls)) stages.push({ stage: id, status: 'skipped', ms: 0, detail: 'x' });
    else if (id === failAt) {
      failed = { stage: id, status: 'failed', ms: 5, detail: 'failed', problem: p(extra.code ?? `laptop.${id}`, 'It failed.'), ...extra };
      stages.push(failed);
    } else stages.push({ stage: id, status: 'passed', ms: 3, detail: 'fine' });
  }
  return { ok: !failed, stage: failAt ?? 'mqtt', ...(failed?.problem ? { problem: failed.problem } : {}), stages, server: { host: 'broker.example.net', port: tls ? 8883 : 1883, tls }, startedAt: 0 };
}

describe('compareProbe: the verdict', () => {
  it('laptop accepted, modem fails at the open: the modem\'s PDP context, APN and the operator\'s firewall', () => {
    const c = compareProbe(modem('open', p('qmtopen.-1', 'Failed to open the network connection (TCP or TLS).')), laptop());
    expect(c.side).toBe('modem');
    expect(c.verdict).toBe('The server at broker.example.net:1883 accepts these settings and credentials from the laptop; the modem fails at the TCP open: look at the modem\'s PDP context, APN and the operator\'s firewall.');
  });

  it('laptop accepted, modem\'s PDP context fails (a wrong APN): the APN, not the server', () => {
    const c = compareProbe(modem('pdp', p('cme.30', 'No network service.')), laptop());
    expect(c.side).toBe('modem');
    expect(c.verdict).toMatch(/accepts these settings and credentials from the laptop; the modem fails before it reaches the server, at "Mobile data \(PDP context\)".*look at the APN/);
    expect(c.nextStep).toMatch(/the server needs no change/);
  });

  it('laptop accepted, modem without signal: the SIM, antenna and registration', () => {
    expect(compareProbe(modem('signal', p('csq.99', 'No signal detected.')), laptop()).verdict).toMatch(/at "Signal strength" \(No signal detected\.\): look at the modem's SIM, antenna and registration/);
  });

  it('laptop accepted, modem cannot resolve the name (+QMTOPEN 4): the modem\'s DNS', () => {
    const c = compareProbe(modem('open', p('qmtopen.4', 'DNS failed.')), laptop());
    expect(c).toMatchObject({ side: 'modem', verdict: expect.stringMatching(/the modem cannot resolve "broker\.example\.net"/) });
  });

  it('laptop accepted over TLS, the modem\'s TLS options cannot agree with the server: says so', () => {
    const l = laptop(undefined, {}, true);
    l.stages[2] = { stage: 'tls', status: 'passed', ms: 4, detail: 'TLSv1.3', tls: { chain: [], notes: [], protocol: 'TLSv1.3', modemCompatible: false, modemCompatibility: 'the modem\'s sslversion/ciphersuite cannot agree with this server (it speaks TLSv1.3)' } };
    const c = compareProbe(modem('open', p('qmtopen.-1', 'Failed to open')), l);
    expect(c.verdict).toMatch(/the modem fails at the TLS open: the modem's sslversion\/ciphersuite cannot agree with this server \(it speaks TLSv1\.3\)/);
  });

  it('laptop accepted, modem refused at CONNECT: the modem\'s CONNECT differs', () => {
    const c = compareProbe(modem('connect', p('connack.4', 'Refused: bad user name or password.')), laptop());
    expect(c.side).toBe('modem');
    expect(c.verdict).toMatch(/but refuses the modem at CONNECT \(CONNACK 4\): the modem's CONNECT differs from the laptop's/);
  });

  it('both connect: nothing to fix', () => {
    expect(compareProbe(modem(), laptop())).toMatchObject({ side: 'none', verdict: expect.stringMatching(/^Both connect/) });
  });

  it('no modem result: a laptop-only verdict', () => {
    expect(compareProbe(undefined, laptop()).side).toBe('unknown');
    expect(compareProbe(undefined, laptop('tcp', { code: 'laptop.tcp-refused' })).verdict).toMatch(/no modem result to compare with/);
  });

  it('both refused at CONNECT: the password or the sign method is wrong', () => {
    const c = compareProbe(modem('connect', p('connack.4', 'Refused')), laptop('mqtt', { code: 'connack.4', connack: 4 }));
    expect(c.side).toBe('server');
    expect(c.verdict).toBe('The server refuses these credentials from both (CONNACK 4): the user name or password is wrong (for a cloud: the signature, the sign method or the region).');
  });

  it('both fail at TLS with a CA that does not sign the chain: names who signed it', () => {
    const l = laptop('tls', { code: 'tls.ca-not-issuer', tls: { chain: [{ role: 'server', subject: 'CN=broker', issuer: 'CN=Real Issuer CA, O=Example', validFrom: '', validTo: '', altNames: [], fingerprint256: '' }], notes: [] } }, true);
    const c = compareProbe(modem('open', p('qmtopen.-1', 'Failed')), l);
    expect(c.side).toBe('server');
    expect(c.verdict).toBe('TLS fails on both: the CA uploaded to the modem does not sign this server\'s chain (it is signed by "Real Issuer CA").');
  });

  it('neither reaches the port: the server is down or firewalled', () => {
    const c = compareProbe(modem('open', p('qmtopen.5', 'Socket error')), laptop('tcp', { code: 'laptop.tcp-refused', problem: p('laptop.tcp-refused', 'The server refused the TCP connection: nothing listens on that port.') }));
    expect(c).toMatchObject({ side: 'server', verdict: expect.stringMatching(/^Neither the modem nor the laptop reaches broker\.example\.net:1883 .*the server is down, the port is wrong or a firewall/) });
  });

  it('the modem connects but the laptop cannot: the laptop\'s own network', () => {
    expect(compareProbe(modem(), laptop('tcp', { code: 'laptop.tcp-timeout' })).side).toBe('laptop');
    expect(compareProbe(modem(), laptop('dns')).verdict).toMatch(/the laptop's DNS/);
  });

  it('the laptop is refused while the modem stops earlier: fix the credentials, and says where the modem stopped', () => {
    const c = compareProbe(modem('pdp', p('x', 'PDP failed')), laptop('mqtt', { code: 'connack.5', connack: 5 }));
    expect(c.verdict).toMatch(/refuses these credentials from the laptop \(CONNACK 5\): this client is not authorised.*the modem itself stops earlier, at "Mobile data \(PDP context\)"/);
  });

  it('lines up both sides stage by stage', () => {
    const c = compareProbe(modem('open', p('qmtopen.-1', 'Failed to open')), laptop());
    expect(c.rows.map((r) => [r.phase, r.modem.status, r.laptop.status])).toEqual([
      ['network', 'passed', 'passed'],
      ['setup', 'passed', 'unknown'],
      ['open', 'failed', 'passed'],
      ['connect', 'not-reached', 'passed'],
    ]);
    expect(c.rows[2]?.modem).toMatchObject({ code: 'qmtopen.-1', text: 'Open the network connection to the server: Failed to open' });
  });

  it('every bring-up step belongs to one phase; the open and the connect are their own', () => {
    expect(BRINGUP_STEP_IDS.map(phaseOfStep).filter((x) => x === 'open')).toHaveLength(1);
    expect(phaseOfStep('pdp')).toBe('network');
    expect(phaseOfStep('tls-context')).toBe('setup');
    expect(phaseOfStep('ready')).toBe('connect');
  });
});

describe('probeVerdictLine', () => {
  it('is {ok, stage, code, explanation}', () => {
    expect(probeVerdictLine(laptop())).toEqual({ ok: true, stage: 'mqtt', code: null, explanation: null });
    expect(probeVerdictLine(laptop('tcp', { code: 'laptop.tcp-refused', problem: p('laptop.tcp-refused', 'Refused.') }))).toEqual({ ok: false, stage: 'tcp', code: 'laptop.tcp-refused', explanation: 'Refused. next' });
  });
});

describe('compareProbe: in the reader\'s language', () => {
  const tcpRefused: Problem = { code: 'laptop.tcp-refused', title: 'The server refused the TCP connection: nothing listens on that port.', detail: 'TCP to broker.example.net:1883 refused', nextStep: 'Check that the broker runs and listens on this host and port.' };

  it('the verdict, the next step and both sides are messages: English gives the English fields, zh-CN Chinese', () => {
    const cases = [
      compareProbe(modem('open', p('qmtopen.-1', 'Failed to open')), laptop()),
      compareProbe(modem('pdp', p('cme.30', 'No network service.')), laptop()),
      compareProbe(modem(), laptop()),
      compareProbe(undefined, laptop('tcp', { code: 'laptop.tcp-refused', problem: tcpRefused })),
      compareProbe(modem('connect', p('connack.4', 'Refused')), laptop('mqtt', { code: 'connack.4', connack: 4 })),
      compareProbe(modem('pdp', p('x', 'PDP failed')), laptop('mqtt', { code: 'connack.5', connack: 5 })),
    ];
    for (const c of cases) {
      expect(msgIn('en', c.verdictMsg)).toBe(c.verdict);
      expect(msgIn('en', c.nextStepMsg)).toBe(c.nextStep);
      for (const r of c.rows) for (const side of [r.modem, r.laptop]) expect(msgIn('en', side.textMsg)).toBe(side.text);
      expect(msgIn('zh-CN', c.verdictMsg)).toMatch(/[\u4e00-\u9fff]/);
      expect(msgIn('zh-CN', c.verdictMsg)).not.toMatch(/accepts|refuses|the laptop|the modem/);
    }
  });

  it('zh-CN: step names, CONNACK reasons and the quoted catalogue problem are Chinese; tokens stay', () => {
    const open = compareProbe(modem('open', p('qmtopen.-1', 'Failed to open')), laptop());
    expect(msgIn('zh-CN', open.verdictMsg)).toBe('位于 broker.example.net:1883 的服务器接受电脑使用这些设置和凭据连接；模组在 TCP 打开时失败：请检查模组的 PDP 上下文、APN 和运营商防火墙。');
    expect(msgIn('zh-CN', open.rows[0]!.modem.textMsg)).toMatch(/^已通过 \d+ 个步骤，直到“.+”$/);
    const pdp = compareProbe(modem('pdp', p('x', 'PDP failed')), laptop('mqtt', { code: 'connack.5', connack: 5 }));
    expect(msgIn('zh-CN', pdp.verdictMsg)).toBe('服务器拒绝了电脑的这些凭据（CONNACK 5）：此客户端未获授权：设备已禁用，或被 ACL／策略禁止；模组自身更早就停在了“移动数据（PDP 上下文）”。');
    // The laptop's problem comes from the catalogue: quoted in Chinese, without its period.
    const tcp = compareProbe(undefined, laptop('tcp', { code: 'laptop.tcp-refused', problem: tcpRefused }));
    expect(tcp.verdict).toBe('The laptop does not reach broker.example.net:1883 (The server refused the TCP connection: nothing listens on that port): the server is down, the port is wrong or a firewall in front of the server blocks it (no modem result to compare with).');
    const zh = msgIn('zh-CN', tcp.verdictMsg);
    expect(zh).toMatch(/^电脑无法到达 broker\.example\.net:1883（[^）]*[\u4e00-\u9fff][^）]*[^。]）：服务器已停止/);
    expect(zh).toMatch(/（没有可对照的模组结果）。$/);
    expect(msgIn('zh-CN', tcp.nextStepMsg)).toMatch(/[\u4e00-\u9fff]/);
  });
});
