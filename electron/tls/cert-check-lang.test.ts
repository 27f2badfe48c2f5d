// The certificate checks' findings in the reader's language: the English (Problem.detail, notes,
// what --json and the logs carry) is what it always was; the key and values beside it say it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { localizeProblem, msgIn } from '../../shared/protocol/localize';
import type { Problem } from '../../shared/outcome';
import { checkCertificates, type CertCheckInput } from './cert-check';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
}, 60_000);
afterAll(() => pki?.remove());

const bytes = (file: string) => new Uint8Array(pki.read(file));
const der = (file: string) => new Uint8Array(new X509Certificate(pki.read(file)).raw);
const base = (): CertCheckInput => ({ seclevel: 1, sni: false, ignoreLocalTime: false, at: new Date('2030-01-01T00:00:00Z'), atSource: 'modem' });
/** The detail before the catalogue's '. Likely causes: …'. */
const head = (p: Problem | undefined) => p?.detail.split('. Likely causes: ')[0];
const CJK = /[\u4e00-\u9fff]/;

describe('a failed certificate check in Chinese', () => {
  it('a key of another certificate: the English detail is unchanged, the Chinese names the certificate', () => {
    const p = checkCertificates({ ...base(), seclevel: 2, clientCert: bytes(pki.clientCert), clientKey: bytes(pki.strayKey), at: new Date() }).problems[0]!;
    expect(head(p)).toBe('The key\'s public half differs from the public key of "wb-device-1".');
    expect(p.params).toEqual({ detailKey: 'certCheck.keyMismatch', name: 'wb-device-1' });
    const zh = localizeProblem(p, 'zh-CN');
    expect(zh.detail).toMatch(/^该私钥的公钥部分与“wb-device-1”的公钥不一致。可能原因：.*[\u4e00-\u9fff]/);
    expect(zh.title).toMatch(CJK);
    expect(zh.nextStep).toMatch(CJK);
    expect(localizeProblem(p, 'en')).toBe(p);
  });

  it('an expired certificate: dates and the clock in the detail, worded in Chinese', () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    const p = checkCertificates({ ...base(), ca: bytes(pki.ca), at: later }).problems[0]!;
    const c = new X509Certificate(pki.read(pki.ca));
    const from = new Date(c.validFrom).toISOString();
    const to = new Date(c.validTo).toISOString();
    expect(head(p)).toBe(`The CA certificate "Workbench Test CA" is valid from ${from} to ${to}; checked at ${later.toISOString()} (the module clock, AT+CCLK?)`);
    expect(localizeProblem(p, 'zh-CN').detail).toContain(`CA 证书“Workbench Test CA”的有效期为 ${from} 至 ${to}；检查时间 ${later.toISOString()}（模组时钟，AT+CCLK?）`);
  });

  it('a server certificate from another CA and for another name', () => {
    const r = checkCertificates({ ...base(), at: new Date(), ca: bytes(pki.otherCa), host: 'broker.example.net', serverChain: [der(pki.serverCert)] });
    expect(r.problems.map((p) => p.code)).toEqual(['tls.ca-not-issuer', 'tls.name-mismatch']);
    expect(head(r.problems[0])).toMatch(/^The server's certificate "[^"]+" \(issued by "Workbench Test CA"\) is not signed by the CA given \([^)]+\)\.$/);
    expect(head(r.problems[1])).toMatch(/^"broker\.example\.net" is not among the names of the server's certificate: .+\.$/);
    expect(localizeProblem(r.problems[0]!, 'zh-CN').detail).toMatch(/^服务器证书“[^”]+”（颁发者“Workbench Test CA”）不是由所给的 CA（[^）]+）签发的。可能原因：/);
    expect(localizeProblem(r.problems[1]!, 'zh-CN').detail).toMatch(/^“broker\.example\.net”不在服务器证书的名称中：/);
  });

  it('the first problem naming the others (the bring-up TLS step) reads in Chinese too', () => {
    const r = checkCertificates({ ...base(), at: new Date(), ca: bytes(pki.otherCa), host: 'broker.example.net', serverChain: [der(pki.serverCert)] });
    const [first, second] = r.problems as [Problem, Problem];
    const joined: Problem = { ...first, detail: `${first.detail} Also: ${second.title}`, params: { ...first.params, also: second.code } };
    const zh = localizeProblem(joined, 'zh-CN').detail;
    expect(zh).toMatch(/^服务器证书.*另外：[^A-Za-z]*$/);
    expect(zh).toBe(`${localizeProblem(first, 'zh-CN').detail} 另外：${localizeProblem(second, 'zh-CN').title}`);
  });
});

describe('the notes of a check in Chinese', () => {
  it('dates ignored, level 0 and the server not fetched: English as before, Chinese from the messages', () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    const r = checkCertificates({ ...base(), ca: bytes(pki.ca), at: later, ignoreLocalTime: true, seclevel: 0 });
    expect(r.notes).toHaveLength(2);
    expect(r.noteMsgs).toHaveLength(2);
    expect(r.notes[0]).toMatch(/^The CA certificate "Workbench Test CA" is valid from .* \(the module clock, AT\+CCLK\?\): expired, but "ignorelocaltime" is 1, so the module does not check it\.$/);
    expect(r.notes[1]).toBe('Security level 0: the module does not verify the server, so the CA is not used.');
    r.notes.forEach((n, i) => expect(msgIn('en', r.noteMsgs?.[i])).toBe(n));
    const zh = r.notes.map((n, i) => msgIn('zh-CN', r.noteMsgs?.[i], n));
    expect(zh[0]).toMatch(/^CA 证书“Workbench Test CA”的有效期为 .*（模组时钟，AT\+CCLK\?）：已过期，但 "ignorelocaltime" 为 1，模组不检查有效期。$/);
    expect(zh[1]).toBe('安全级别 0：模组不验证服务器，因此不使用 CA。');

    const unfetched = checkCertificates({ ...base(), at: new Date(), host: 'broker.example.net', seclevel: 2 });
    expect(unfetched.notes).toEqual(['Security level 2: the client certificate and key were not both given here, so they were not checked.', 'The server\'s certificate was not fetched, so its issuer and names were not checked against "broker.example.net".']);
    expect(unfetched.notes.map((n, i) => msgIn('zh-CN', unfetched.noteMsgs?.[i], n))).toEqual(['安全级别 2：此处未同时提供客户端证书和密钥，因此未检查它们。', '未获取到服务器证书，因此未对照“broker.example.net”检查其颁发者和名称。']);
  });
});

describe('the notes the app adds before the checks (electron/host/services.ts)', () => {
  it('say in English what they always said, and in Chinese from the same values', async () => {
    const { msg } = await import('../../shared/i18n/msg');
    const fetch = msg('certCheck.fetchFailed', { host: 'localhost', port: '8883', reason: 'connect ECONNREFUSED 127.0.0.1:8883' });
    expect(msgIn('en', fetch)).toBe("The laptop could not fetch the server's certificate from localhost:8883 (connect ECONNREFUSED 127.0.0.1:8883); the modem's path may differ.");
    expect(msgIn('zh-CN', fetch)).toBe('电脑无法从 localhost:8883 获取服务器证书（connect ECONNREFUSED 127.0.0.1:8883）；模组的网络路径可能不同。');
    expect(msgIn('en', msg('certCheck.clockUnused', { why: msg('certCheck.noAnswer') }))).toBe("The module clock could not be used (no answer): dates checked at the laptop's time.");
    expect(msgIn('zh-CN', msg('certCheck.clockUnused', { why: msg('certCheck.noAnswer') }))).toBe('无法使用模组时钟（无应答）：改按电脑时间检查有效期。');
    expect(msgIn('en', msg('certCheck.noPortClock'))).toBe("No port is open: dates checked at the laptop's time.");
    expect(msgIn('en', msg('certCheck.caOnModem'))).toBe('The CA is on the modem only: the laptop cannot check that it signs this server.');
  });
});
