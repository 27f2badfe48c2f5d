// The laptop's check of certificates and a key before they go to the modem: each one parses (PEM
// or DER), the key belongs to the client certificate, every certificate is valid at the time the
// module will check it against (its clock, AT+CCLK?, unless "ignorelocaltime" is 1), and — when the
// server's own chain is known — the CA signed it and its names cover the host. Each failure is a
// catalogue Problem (family 'tls'). Pure: node:crypto parses, nothing is read or sent.
// Each finding is a message (shared/i18n/messages/certCheck.ts): its English is the Problem's
// detail or the note, its key and values travel beside (Problem.params, CertificateCheck.noteMsgs)
// so the wizard, the Probe view and the CLI word it again in the reader's language.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertificateCheck, CertificateSummary } from '../../shared/modem-tls';
import type { Problem } from '../../shared/outcome';
import { translator } from '../../shared/i18n';
import { msg, msgText, type Msg } from '../../shared/i18n/msg';
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

/** A 'tls.*' Problem whose detail is the English of `detail`; its key and values ride in params (shared/protocol/localize.ts). */
export function certProblem(code: string, key: string, values: Record<string, string | number> = {}): Problem {
  return { ...problemFromCode('tls', code, msgText(translator('en'), msg(key, values))), params: { detailKey: key, ...values } };
}

export function checkCertificates(i: CertCheckInput): CertificateCheck {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const noteMsgs: Msg[] = [];
  const note = (m: Msg) => {
    notes.push(msgText(translator('en'), m));
    noteMsgs.push(m);
  };
  const certificates: CertificateSummary[] = [];
  const when = i.at.getTime();

  const validity = (c: X509Certificate, role: 'ca' | 'client' | 'server') => {
    const from = new Date(c.validFrom).getTime();
    const to = new Date(c.validTo).getTime();
    const code = when > to ? 'expired' : when < from ? 'not-yet-valid' : undefined;
    if (!code) return;
    const values = { role, name: cn(c), from: new Date(from).toISOString(), to: new Date(to).toISOString(), at: i.at.toISOString(), clock: i.atSource };
    // With ignorelocaltime 1 the module does not look at dates: the handshake does not fail for it.
    if (i.ignoreLocalTime) note(msg('certCheck.validityIgnored', { detail: msg('certCheck.validity', values), code }));
    else problems.push(certProblem(code, 'certCheck.validity', values));
  };

  let cas: X509Certificate[] = [];
  if (i.ca) {
    const read = readCertificates(i.ca);
    if (!read) problems.push(certProblem('unreadable-certificate', 'certCheck.caUnreadable'));
    else {
      cas = read;
      for (const c of read) {
        certificates.push(summary(c, 'ca'));
        if (!c.ca) problems.push(certProblem('not-a-ca', 'certCheck.notACa', { name: cn(c) }));
        validity(c, 'ca');
      }
    }
  }

  let clientCert: X509Certificate | undefined;
  if (i.clientCert) {
    const read = readCertificates(i.clientCert);
    clientCert = read?.[0];
    if (!clientCert) problems.push(certProblem('unreadable-certificate', 'certCheck.clientUnreadable'));
    else {
      certificates.push(summary(clientCert, 'client-cert'));
      validity(clientCert, 'client');
    }
  }

  if (i.clientKey) {
    const key = readPrivateKey(i.clientKey);
    if (!key) problems.push(certProblem('unreadable-key', 'certCheck.keyUnreadable'));
    else if (clientCert && !clientCert.checkPrivateKey(key)) {
      problems.push(certProblem('key-mismatch', 'certCheck.keyMismatch', { name: cn(clientCert) }));
    }
  }
  if (i.seclevel === 2 && (!i.clientCert || !i.clientKey)) note(msg('certCheck.level2NotGiven'));

  // The server's own certificate, when the laptop could fetch it: does the CA sign it, do its names cover the host?
  if (i.serverChain?.length) {
    const chain = i.serverChain.map((d) => readCertificates(d)?.[0]).filter((c): c is X509Certificate => c !== undefined);
    const leaf = chain[0];
    if (leaf) {
      validity(leaf, 'server');
      if (i.seclevel >= 1 && cas.length && !chainsTo(leaf, chain.slice(1), cas)) {
        problems.push(certProblem('ca-not-issuer', 'certCheck.caNotIssuer', { name: cn(leaf), issuer: /CN=([^\n,]+)/.exec(leaf.issuer)?.[1] ?? leaf.issuer, cas: cas.map(cn).join(', ') }));
      }
      if (i.host && (i.sni || i.seclevel >= 1)) {
        const matches = isIP(i.host) ? leaf.checkIP(i.host) !== undefined : leaf.checkHost(i.host) !== undefined;
        if (!matches) problems.push(certProblem('name-mismatch', 'certCheck.nameMismatch', { host: i.host, names: [cn(leaf), ...altNames(leaf)].join(', ') }));
      }
    }
  } else if (i.host && i.seclevel >= 1) {
    note(msg('certCheck.serverNotFetched', { host: i.host }));
  }
  if (i.seclevel === 0) note(msg('certCheck.level0'));

  return { ok: problems.length === 0, certificates, checkedAt: { iso: i.at.toISOString(), source: i.atSource }, problems, notes, noteMsgs };
}
