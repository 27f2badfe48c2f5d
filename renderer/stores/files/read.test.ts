import { describe, expect, it } from 'vitest';
import { classify, modemNameFor, readPicked } from './read';

const enc = (s: string) => new TextEncoder().encode(s);

describe('a certificate or key picked from disk', () => {
  it('keeps PEM as text with its line breaks, and tells a key from a certificate', () => {
    const cert = '-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n';
    expect(classify('ca.pem', enc(cert))).toEqual({ name: 'ca.pem', content: cert, encoding: 'text', isKey: false, kind: 'PEM certificate' });
    const key = classify('x.pem', enc('-----BEGIN EC PRIVATE KEY-----\nAA\n-----END EC PRIVATE KEY-----\n'));
    expect(key).toMatchObject({ isKey: true, kind: 'PEM private key', encoding: 'text' });
  });

  it('sends DER as base64, the same bytes', async () => {
    const der = new Uint8Array([0x30, 0x82, 0x01, 0x0a, 0x00, 0xff]);
    const got = await readPicked({ name: 'client.key', size: der.length, arrayBuffer: async () => der.buffer });
    expect(got).toMatchObject({ encoding: 'base64', isKey: true, kind: 'DER private key', size: 6 });
    expect([...Uint8Array.from(atob(got.content), (c) => c.charCodeAt(0))]).toEqual([...der]);
  });

  it('names the file on the modem without a path or characters it refuses', () => {
    expect(modemNameFor('C:\\certs\\my ca.pem')).toBe('my_ca.pem');
    expect(modemNameFor('/home/u/ca.pem')).toBe('ca.pem');
  });
});
