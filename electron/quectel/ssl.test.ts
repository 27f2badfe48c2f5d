import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryRig } from '../../test-support/engine-rig';
import type { Script } from '../../test-support/scripted-peer';
import { buildQsslcfg, buildQsslcfgQuery, buildQsslcfgWrites, normaliseCipherSuite, parseQsslcfgQuery, settingsFromQueries } from './ssl';
import { readSslContext, writeSslContext } from './tls-ops';

describe('AT+QSSLCFG builders (protocol.md §4.4)', () => {
  it.each([
    ['sslversion', 2, 4, 'AT+QSSLCFG="sslversion",2,4'],
    ['ciphersuite', 2, '0xffff', 'AT+QSSLCFG="ciphersuite",2,0XFFFF'],
    ['ciphersuite', 0, '0X35', 'AT+QSSLCFG="ciphersuite",0,0X0035'],
    ['seclevel', 2, 2, 'AT+QSSLCFG="seclevel",2,2'],
    ['cacert', 2, 'ca.pem', 'AT+QSSLCFG="cacert",2,"ca.pem"'],
    ['clientcert', 2, 'UFS:client.pem', 'AT+QSSLCFG="clientcert",2,"UFS:client.pem"'],
    ['clientkey', 2, 'RAM:client.key', 'AT+QSSLCFG="clientkey",2,"RAM:client.key"'],
    ['ignorelocaltime', 2, 1, 'AT+QSSLCFG="ignorelocaltime",2,1'],
    ['negotiatetime', 5, 300, 'AT+QSSLCFG="negotiatetime",5,300'],
    ['sni', 2, 1, 'AT+QSSLCFG="sni",2,1'],
  ] as const)('%s → %s', (option, ctx, value, text) => {
    expect(buildQsslcfg(option, ctx, value).text).toBe(text);
  });

  it('sends the cipher suite unquoted (the quoted form is refused on some firmware, protocol.md quirk 9)', () => {
    expect(buildQsslcfg('ciphersuite', 0, '0XFFFF').text).not.toContain('"0X');
    expect(() => normaliseCipherSuite('"0XFFFF"')).toThrow(TypeError);
  });

  it.each([
    ['seclevel', 6, 3],
    ['sslversion', 0, 5],
    ['negotiatetime', 0, 5],
    ['cacert', 0, 'a"b'],
    ['ciphersuite', 0, 'all'],
  ] as const)('refuses %s ctx %s value %j', (option, ctx, value) => {
    expect(() => buildQsslcfg(option, ctx, value)).toThrow(TypeError);
  });

  it('queries an option by stopping after the context (a "set" missing its value is a query, protocol.md quirk 10)', () => {
    expect(buildQsslcfgQuery('seclevel', 2)).toEqual({ text: 'AT+QSSLCFG="seclevel",2', expect: { kind: 'single', prefix: '+QSSLCFG:' } });
  });

  it('writes the settings given, in the reference\'s order', () => {
    expect(buildQsslcfgWrites(1, { sni: 1, seclevel: 1, cacert: 'ca.pem', cipherSuite: '0XFFFF' }).map((r) => r.text)).toEqual([
      'AT+QSSLCFG="ciphersuite",1,0XFFFF',
      'AT+QSSLCFG="seclevel",1,1',
      'AT+QSSLCFG="cacert",1,"ca.pem"',
      'AT+QSSLCFG="sni",1,1',
    ]);
  });
});

describe('AT+QSSLCFG read-back', () => {
  it.each([
    ['+QSSLCFG: "seclevel",2,1', { option: 'seclevel', ctx: 2, field: 'seclevel', value: 1 }],
    ['+QSSLCFG: "ciphersuite",2,0XFFFF', { option: 'ciphersuite', ctx: 2, field: 'cipherSuite', value: '0XFFFF' }],
    ['+QSSLCFG: "ciphersuite",2,"0xffff"', { option: 'ciphersuite', ctx: 2, field: 'cipherSuite', value: '0XFFFF' }],
    ['+QSSLCFG: "cacert",2,"UFS:ca.pem"', { option: 'cacert', ctx: 2, field: 'cacert', value: 'UFS:ca.pem' }],
    ['+QSSLCFG: "cacert",2,ca.pem', { option: 'cacert', ctx: 2, field: 'cacert', value: 'ca.pem' }],
    ['+QSSLCFG: "IgnoreLocalTime",0,1', { option: 'ignorelocaltime', ctx: 0, field: 'ignoreLocalTime', value: 1 }],
  ])('%s', (line, want) => {
    expect(parseQsslcfgQuery(line)).toEqual({ ok: true, value: want });
  });

  it('fails on a line it cannot read', () => {
    expect(parseQsslcfgQuery('+QSSLCFG: "seclevel"')).toMatchObject({ ok: false });
    expect(parseQsslcfgQuery('+QSSLCFG: "seclevel",2,high')).toMatchObject({ ok: false });
  });

  it('collects one context\'s settings, ignoring other contexts', () => {
    expect(settingsFromQueries(2, ['+QSSLCFG: "seclevel",2,2', '+QSSLCFG: "seclevel",1,0', '+QSSLCFG: "sni",2,1'])).toEqual({ seclevel: 2, sni: 1 });
  });
});

describe('SSL context over the engine', () => {
  let rig: ReturnType<typeof openMemoryRig> | undefined;
  afterEach(() => rig?.engine.dispose());

  /** Old firmware: no "sni"; `sticky` options ignore writes (as a wrong index would, protocol.md quirk 11). */
  function sslModem(opts: { sticky?: string[] } = {}): Script {
    const ctx: Record<string, string> = { sslversion: '4', ciphersuite: '0XFFFF', seclevel: '0', cacert: '""', clientcert: '""', clientkey: '""', ignorelocaltime: '1', negotiatetime: '300' };
    return (cmd) => {
      const m = /^AT\+QSSLCFG="(\w+)",(\d)(?:,(.+))?$/.exec(cmd);
      if (!m?.[1] || !(m[1] in ctx)) return ['\r\nERROR\r\n'];
      if (m[3] === undefined) return [`\r\n+QSSLCFG: "${m[1]}",${m[2]},${ctx[m[1]]}\r\n\r\nOK\r\n`];
      if (!opts.sticky?.includes(m[1])) ctx[m[1]] = m[3];
      return ['\r\nOK\r\n'];
    };
  }

  it('reads every option, listing the ones this firmware refuses', async () => {
    rig = openMemoryRig(sslModem());
    const r = await readSslContext(rig.engine, 2);
    expect(r).toEqual({ ok: true, value: { ctx: 2, settings: { sslVersion: 4, cipherSuite: '0XFFFF', seclevel: 0, cacert: '', clientcert: '', clientkey: '', ignoreLocalTime: 1, negotiateTimeS: 300 }, unsupported: ['sni'] } });
  });

  it('writes, then reads back and checks that each value took', async () => {
    rig = openMemoryRig(sslModem());
    const ok = await writeSslContext(rig.engine, 2, { seclevel: 1, cacert: 'ca.pem', ignoreLocalTime: 0 });
    expect(ok).toMatchObject({ ok: true, value: { settings: { seclevel: 1, cacert: 'ca.pem', ignoreLocalTime: 0 } } });
    rig.engine.dispose();
    rig = openMemoryRig(sslModem({ sticky: ['seclevel'] }));
    const stuck = await writeSslContext(rig.engine, 2, { seclevel: 2 });
    expect(stuck).toMatchObject({ ok: false, problem: { code: 'ssl.not-applied', detail: expect.stringMatching(/seclevel: set 2, reads 0/) } });
  });

  it('an "sni" this firmware does not have is refused with the catalogue\'s reason', async () => {
    rig = openMemoryRig(sslModem());
    expect(await writeSslContext(rig.engine, 0, { sni: 1 })).toMatchObject({ ok: false, problem: { code: 'error.qsslcfg-sni' } });
  });
});
