// Certificates on the modem and its SSL contexts, as plain data: the files of its file system
// (protocol.md §4.5), the options of one SSL context (protocol.md §4.4) and what the laptop found
// when it checked the certificates before sending them. Shared by the main side, the renderer's
// Files panel and TLS step, and the CLI. No Node, no DOM.
import type { Problem } from './outcome';
import type { Msg } from './i18n/msg';

/** One file of the modem's file system, as AT+QFLST lists it. */
export interface ModemFile {
  /** As listed ('ca.pem', 'RAM:ca.pem'). */
  name: string;
  size: number;
}

/** AT+QFLST and AT+QFLDS together. */
export interface ModemFileListing {
  files: ModemFile[];
  /** Bytes free and in total (AT+QFLDS); absent when the firmware refused it. */
  free?: number;
  total?: number;
}

/** What a finished upload reports: the modem's count and checksum against the laptop's. */
export interface UploadedFile {
  name: string;
  /** Bytes sent. */
  size: number;
  /** The 16-bit XOR checksum the laptop computed, lower-case hex without leading zeros (protocol.md §4.5). */
  checksum: string;
  /** What the modem answered: '+QFUPL: <size>,<checksum>'. */
  modemSize: number;
  modemChecksum: string;
  /** true: size and checksum agree. A mismatch is returned as a Problem, so this is true on success. */
  verified: boolean;
  /** The file existed and was deleted first (replace). */
  replaced: boolean;
}

/** Progress of an upload (onFileUploadProgress). */
export interface FileUploadProgress {
  name: string;
  phase: 'checking' | 'deleting' | 'sending' | 'verifying' | 'done' | 'failed';
  /** Bytes handed to the port so far, of `total`. */
  sent: number;
  total: number;
}

/** The options of one SSL context (AT+QSSLCFG, protocol.md §4.4). Absent: not read / not set. */
export interface SslContextSettings {
  /** 0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all. */
  sslVersion?: number;
  /** Hex as the modem prints it, e.g. '0XFFFF' (sent unquoted, protocol.md quirk 9). */
  cipherSuite?: string;
  /** 0 no authentication, 1 verify the server, 2 verify the server and present a client certificate. */
  seclevel?: number;
  cacert?: string;
  clientcert?: string;
  clientkey?: string;
  /** 1 ignore the module's clock when checking validity. */
  ignoreLocalTime?: number;
  /** 10–300 s. */
  negotiateTimeS?: number;
  /** 0 off, 1 send Server Name Indication (later firmware only). */
  sni?: number;
}

/** An SSL context as read back: its values and the options this firmware refused to answer. */
export interface SslContextReading {
  ctx: number;
  settings: SslContextSettings;
  /** Options the firmware answered ERROR to (e.g. 'sni' on old builds). */
  unsupported: Array<keyof SslContextSettings>;
}

/** A certificate as the laptop read it (no key material). */
export interface CertificateSummary {
  /** Which input it came from. */
  role: 'ca' | 'client-cert';
  subject: string;
  issuer: string;
  /** ISO times. */
  validFrom: string;
  validTo: string;
  /** DNS names and IPs of subjectAltName. */
  altNames: string[];
  fingerprint256: string;
}

/** The laptop's check of the files before they go to the modem. */
export interface CertificateCheck {
  /** true when nothing below stops a handshake. */
  ok: boolean;
  certificates: CertificateSummary[];
  /** The time the validity was checked against, and where it came from. */
  checkedAt?: { iso: string; source: 'modem' | 'laptop' };
  /** Each failed check, explained (codes 'tls.*'). */
  problems: Problem[];
  /** Checks skipped and why ('validity not checked: ignorelocaltime is 1'). */
  notes: string[];
  /** The same notes as messages, one for one, for a reader in another language (absent: English only). */
  noteMsgs?: Msg[];
}
