// How the simulated module judges the server's certificate (protocol.md §4.4): against the CA file
// named by QSSLCFG "cacert" only (not the laptop's trust store), at the module's own clock (AT+CCLK)
// unless "ignorelocaltime" is 1. Pure: certificates in, verdict out.
//
// Why not node's own verification: OpenSSL checks validity against the laptop's clock, and the module
// must use its own (a module whose clock says 2040 refuses a certificate the laptop accepts). So the
// handshake runs with rejectUnauthorized false and this walks the chain the server sent with
// X509Certificate.checkIssued (names) + verify(issuer.publicKey) (signatures), compares validFrom/validTo
// with the module time, and checks the name with checkHost/checkIP.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';

export type TlsVerdict = { ok: true } | { ok: false; reason: string };

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM file (several may be concatenated), or the one of a DER file. */
export function parseCertificates(data: Uint8Array): X509Certificate[] {
  const text = Buffer.from(data).toString('latin1');
  const pems = text.match(PEM_CERT);
  try {
    if (pems) return pems.map((p) => new X509Certificate(p));
    return [new X509Certificate(Buffer.from(data))];
  } catch {
    return [];
  }
}

function validAt(c: X509Certificate, at: number): string | undefined {
  const from = Date.parse(c.validFrom);
  const to = Date.parse(c.validTo);
  if (at < from) return `certificate "${c.subject.replace(/\n/g, ', ')}" is not valid before ${c.validFrom} (module time ${new Date(at).toISOString()})`;
  if (at > to) return `certificate "${c.subject.replace(/\n/g, ', ')}" expired ${c.validTo} (module time ${new Date(at).toISOString()})`;
  return undefined;
}

const signedBy = (c: X509Certificate, issuer: X509Certificate): boolean => {
  try {
    return c.checkIssued(issuer) && c.verify(issuer.publicKey);
  } catch {
    return false;
  }
};

/**
 * Whether `chain` (leaf first, as the server sent it) leads to one of `cas`, every certificate on the
 * way valid at `at` (when given), and the leaf names `host` (when given).
 */
export function verifyServerChain(chain: readonly X509Certificate[], cas: readonly X509Certificate[], opts: { at?: number; host?: string } = {}): TlsVerdict {
  const leaf = chain[0];
  if (!leaf) return { ok: false, reason: 'the server sent no certificate' };
  if (cas.length === 0) return { ok: false, reason: 'the "cacert" file holds no certificate' };
  const check = (c: X509Certificate): TlsVerdict | undefined => {
    const bad = opts.at === undefined ? undefined : validAt(c, opts.at);
    return bad ? { ok: false, reason: bad } : undefined;
  };
  let trusted = false;
  for (let i = 0; i < chain.length && !trusted; i++) {
    const cert = chain[i] as X509Certificate;
    const bad = check(cert);
    if (bad) return bad;
    if (cas.some((ca) => ca.fingerprint256 === cert.fingerprint256)) {
      trusted = true;
      break;
    }
    const ca = cas.find((x) => signedBy(cert, x));
    if (ca) {
      const caBad = check(ca);
      if (caBad) return caBad;
      trusted = true;
      break;
    }
    const next = chain[i + 1];
    if (!next || !signedBy(cert, next)) break;
  }
  if (!trusted) return { ok: false, reason: `the server certificate "${leaf.subject.replace(/\n/g, ', ')}" is not signed by the CA in "cacert"` };
  if (opts.host !== undefined) {
    const named = net.isIP(opts.host) ? leaf.checkIP(opts.host) : leaf.checkHost(opts.host);
    if (!named) return { ok: false, reason: `the server certificate does not name ${opts.host}` };
  }
  return { ok: true };
}
