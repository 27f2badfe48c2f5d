// The laptop's certificate checks on real certificates made with openssl (test-support/tls-pki.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { makeTestPki, type TestPki } from '../../test-support/tls-pki';
import { chainsTo, checkCertificates, readCertificates, readPrivateKey, type CertCheckInput } from './cert-check';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
}, 60_000);
afterAll(() => pki?.remove());

const bytes = (file: string) => new Uint8Array(pki.read(file));
/** The DER of a PEM certificate file. */
const der = (file: string) => new Uint8Array(new X509Certificate(pki.read(file)).raw);
// Checked at the time of the test: the certificates were made seconds ago.
const base = (): CertCheckInput => ({ seclevel: 1, sni: false, ignoreLocalTime: false, at: new Date(), atSource: 'modem' });

describe('reading certificates and keys', () => {
  it('reads PEM, a PEM bundle and DER; refuses what is not a certificate', () => {
    expect(readCertificates(bytes(pki.ca))).toHaveLength(1);
    expect(readCertificates(new Uint8Array(Buffer.concat([pki.read(pki.ca), pki.read(pki.otherCa)])))).toHaveLength(2);
    expect(readCertificates(der(pki.ca))).toHaveLength(1);
    expect(readCertificates(bytes(pki.clientKey))).toBeUndefined();
    expect(readCertificates(new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n'))).toBeUndefined();
    expect(readPrivateKey(bytes(pki.clientKey))).toBeDefined();
    expect(readPrivateKey(bytes(pki.ca))).toBeUndefined();
  });
});

describe('checkCertificates', () => {
  it('passes a CA, a client certificate and its key, and says what it read', () => {
    const at = new Date();
    const r = checkCertificates({ ...base(), at, seclevel: 2, ca: bytes(pki.ca), clientCert: bytes(pki.clientCert), clientKey: bytes(pki.clientKey) });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.certificates.map((c) => [c.role, c.subject])).toEqual([['ca', 'CN=Workbench Test CA'], ['client-cert', 'CN=wb-device-1']]);
    expect(r.checkedAt).toEqual({ iso: at.toISOString(), source: 'modem' });
  });

  it('a key of another certificate is a key mismatch', () => {
    const r = checkCertificates({ ...base(), seclevel: 2, clientCert: bytes(pki.clientCert), clientKey: bytes(pki.strayKey) });
    expect(r.problems.map((p) => p.code)).toEqual(['tls.key-mismatch']);
    expect(r.problems[0]?.nextStep).toMatch(/key/);
  });

  it('a certificate past its date fails when the module checks dates, and is only a note with ignorelocaltime 1', () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    expect(checkCertificates({ ...base(), ca: bytes(pki.ca), at: later }).problems.map((p) => p.code)).toEqual(['tls.expired']);
    const ignored = checkCertificates({ ...base(), ca: bytes(pki.ca), at: later, ignoreLocalTime: true });
    expect(ignored.ok).toBe(true);
    expect(ignored.notes.join(' ')).toMatch(/expired.*ignorelocaltime/);
    const before = checkCertificates({ ...base(), ca: bytes(pki.ca), at: new Date('1980-01-06T00:00:00Z') });
    expect(before.problems.map((p) => p.code)).toEqual(['tls.not-yet-valid']);
  });

  it('a server certificate from another CA, or for another name, is caught when the laptop could fetch it', () => {
    const chain = [der(pki.serverCert)];
    expect(checkCertificates({ ...base(), ca: bytes(pki.ca), host: 'localhost', serverChain: chain }).problems).toEqual([]);
    expect(checkCertificates({ ...base(), ca: bytes(pki.ca), host: '127.0.0.1', serverChain: chain }).problems).toEqual([]);
    expect(checkCertificates({ ...base(), ca: bytes(pki.otherCa), host: 'localhost', serverChain: chain }).problems.map((p) => p.code)).toEqual(['tls.ca-not-issuer']);
    expect(checkCertificates({ ...base(), ca: bytes(pki.ca), host: 'broker.example.net', serverChain: chain }).problems.map((p) => p.code)).toEqual(['tls.name-mismatch']);
    // An expired server certificate, judged at the module's clock.
    expect(checkCertificates({ ...base(), ca: bytes(pki.ca), host: 'localhost', serverChain: [der(pki.expiredServerCert)] }).problems.map((p) => p.code)).toEqual(['tls.expired']);
  });

  it('a certificate given as the CA that is no CA is named', () => {
    expect(checkCertificates({ ...base(), ca: bytes(pki.serverCert) }).problems.map((p) => p.code)).toEqual(['tls.not-a-ca']);
    expect(checkCertificates({ ...base(), ca: bytes(pki.clientKey) }).problems.map((p) => p.code)).toEqual(['tls.unreadable-certificate']);
  });

  it('follows an intermediate the server sends to the CA', () => {
    const leaf = new X509Certificate(pki.read(pki.serverCert));
    const ca = new X509Certificate(pki.read(pki.ca));
    const other = new X509Certificate(pki.read(pki.otherCa));
    expect(chainsTo(leaf, [], [ca])).toBe(true);
    expect(chainsTo(leaf, [ca], [other])).toBe(false);
  });
});
