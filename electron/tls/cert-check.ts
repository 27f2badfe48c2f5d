// The laptop's check of certificates and a key before they go to the modem: each one parses (PEM
// or DER), the key belongs to the client certificate, every certificate is valid at the time the
// module will check it against (its clock, AT+CCLK?, unless "ignorelocaltime" is 1), and — when the
// server's own chain is known — the CA signed it and its names cover the host. Each failure is a
// catalogue Problem (family 'tls'). Pure: node:crypto parses, nothing is read or sent.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertificateCheck, CertificateSummary } from '../../shared/modem-tls';
import type { Problem } from '../../shared/outcome';
import { problemFromCode } from '../quectel/codes';

export interface CertCheckInput {
  /** The CA file: one certificate or a bundle (PEM), or one DER certificate. */
  ca?: Uint8Array;
  clientCert?: Uint8Array;
  clientKey?: Uint8Array;
  /** The server the module will open (for the name check). */
  host?: string;
  seclevel: 0 | 1 | 2;
  sni: boolean;
  /** The module ignores validity dates ("ignorelocaltime" 1): expiry is a note, not a failure. */
  ignoreLocalTime: boolean;
  /** The time validity is checked at, and where it came from. */
  at: Date;
  atSource: 'modem' | 'laptop';
  /** The server's certificate chain as the laptop received it (DER, leaf first), when it could reach the server. */
  serverChain?: Uint8Array[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

const isPem = (b: Uint8Array): boolean => Buffer.from(b.subarray(0, 512)).toString('latin1').includes('-----BEGIN');

/** Every certificate of a PEM file (a CA bundle holds several) or the one DER certificate. */
export function readCertificates(bytes: Uint8Array): X509Certificate[] | undefined {
  try {
    if (isPem(bytes)) {
      const blocks = Buffer.from(bytes).toString('utf8').match(PEM_CERT) ?? [];
      const certs = blocks.map((b) => new X509Certificate(b));
      return certs.length ? certs : undefined;
    }
    return [new X509Certificate(Buffer.from(bytes))];
  } catch {
    return undefined;
  }
}

/** The private key (PEM or DER, PKCS#8 or the RSA/EC forms); undefined when unreadable or encrypted. */
export function readPrivateKey(bytes: Uint8Array): KeyObject | undefined {
  try {
    if (isPem(bytes)) return createPrivateKey({ key: Buffer.from(bytes).toString('utf8'), format: 'pem' });
    for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
      try {
        return createPrivateKey({ key: Buffer.from(bytes), format: 'der', type });
      } catch {
        // Try the next DER form.
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The names a certificate's subjectAltName lists ('DNS:a, IP Address:1.2.3.4' → ['a', '1.2.3.4']). */
function altNames(c: X509Certificate): string[] {
  return (c.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.replace(/^(DNS|IP Address):/i, '').trim())
    .filter((s) => s !== '');
}

function summary(c: X509Certificate, role: CertificateSummary['role']): CertificateSummary {
  return { role, subject: c.subject.replace(/\n/g, ', '), issuer: c.issuer.replace(/\n/g, ', '), validFrom: new Date(c.validFrom).toISOString(), validTo: new Date(c.validTo).toISOString(), altNames: altNames(c), fingerprint256: c.fingerprint256 };
}

const cn = (c: X509Certificate): string => /CN=([^\n,]+)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ', ');

/** Whether `issuer` signed `cert` (names chain and the signature verifies). */
const signedBy = (cert: X509Certificate, issuer: X509Certificate): boolean => {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
};

/** Whether one of the CAs signed the leaf, directly or through the chain the server sent. */
export function chainsTo(leaf: X509Certificate, chain: readonly X509Certificate[], cas: readonly X509Certificate[]): boolean {
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (cas.some((ca) => signedBy(current, ca) || ca.fingerprint256 === current.fingerprint256)) return true;
    const next = chain.find((c) => c.fingerprint256 !== current.fingerprint256 && signedBy(current, c));
    if (!next) return false;
    current = next;
  }
  return false;
}

export function checkCertificates(i: CertCheckInput): CertificateCheck {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const certificates: CertificateSummary[] = [];
  const when = i.at.getTime();
  const atText = `${i.at.toISOString()} (${i.atSource === 'modem' ? 'the module clock, AT+CCLK?' : 'the laptop clock'})`;

  const validity = (c: X509Certificate, what: string) => {
    const from = new Date(c.validFrom).getTime();
    const to = new Date(c.validTo).getTime();
    const code = when > to ? 'expired' : when < from ? 'not-yet-valid' : undefined;
    if (!code) return;
    const detail = `${what} "${cn(c)}" is valid from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}; checked at ${atText}`;
    // With ignorelocaltime 1 the module does not look at dates: the handshake does not fail for it.
    if (i.ignoreLocalTime) notes.push(`${detail}: ${code === 'expired' ? 'expired' : 'not valid yet'}, but "ignorelocaltime" is 1, so the module does not check it.`);
    else problems.push(problemFromCode('tls', code, detail));
  };

  let cas: X509Certificate[] = [];
  if (i.ca) {
    const read = readCertificates(i.ca);
    if (!read) problems.push(problemFromCode('tls', 'unreadable-certificate', 'The CA file is neither a PEM certificate nor a DER one.'));
    else {
      cas = read;
      for (const c of read) {
        certificates.push(summary(c, 'ca'));
        if (!c.ca) problems.push(problemFromCode('tls', 'not-a-ca', `"${cn(c)}" in the CA file is not a CA certificate (basic constraints CA:FALSE or missing).`));
        validity(c, 'The CA certificate');
      }
    }
  }

  let clientCert: X509Certificate | undefined;
  if (i.clientCert) {
    const read = readCertificates(i.clientCert);
    clientCert = read?.[0];
    if (!clientCert) problems.push(problemFromCode('tls', 'unreadable-certificate', 'The client certificate file is neither a PEM certificate nor a DER one.'));
    else {
      certificates.push(summary(clientCert, 'client-cert'));
      validity(clientCert, 'The client certificate');
    }
  }

  if (i.clientKey) {
    const key = readPrivateKey(i.clientKey);
    if (!key) problems.push(problemFromCode('tls', 'unreadable-key', 'The key file cannot be read as an unencrypted private key (PEM or DER).'));
    else if (clientCert && !clientCert.checkPrivateKey(key)) {
      problems.push(problemFromCode('tls', 'key-mismatch', `The key's public half differs from the public key of "${cn(clientCert)}".`));
    }
  }
  if (i.seclevel === 2 && (!i.clientCert || !i.clientKey)) notes.push('Security level 2: the client certificate and key were not both given here, so they were not checked.');

  // The server's own certificate, when the laptop could fetch it: does the CA sign it, do its names cover the host?
  if (i.serverChain?.length) {
    const chain = i.serverChain.map((d) => readCertificates(d)?.[0]).filter((c): c is X509Certificate => c !== undefined);
    const leaf = chain[0];
    if (leaf) {
      validity(leaf, 'The server certificate');
      if (i.seclevel >= 1 && cas.length && !chainsTo(leaf, chain.slice(1), cas)) {
        problems.push(problemFromCode('tls', 'ca-not-issuer', `The server's certificate "${cn(leaf)}" (issued by "${/CN=([^\n,]+)/.exec(leaf.issuer)?.[1] ?? leaf.issuer}") is not signed by the CA given (${cas.map(cn).join(', ')}).`));
      }
      if (i.host && (i.sni || i.seclevel >= 1)) {
        const matches = isIP(i.host) ? leaf.checkIP(i.host) !== undefined : leaf.checkHost(i.host) !== undefined;
        if (!matches) problems.push(problemFromCode('tls', 'name-mismatch', `"${i.host}" is not among the names of the server's certificate: ${[cn(leaf), ...altNames(leaf)].join(', ')}.`));
      }
    }
  } else if (i.host && i.seclevel >= 1) {
    notes.push(`The server's certificate was not fetched, so its issuer and names were not checked against "${i.host}".`);
  }
  if (i.seclevel === 0) notes.push('Security level 0: the module does not verify the server, so the CA is not used.');

  return { ok: problems.length === 0, certificates, checkedAt: { iso: i.at.toISOString(), source: i.atSource }, problems, notes };
}
