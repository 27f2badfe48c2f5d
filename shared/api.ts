// The one contract between the main side and the renderer. Every request is a descriptor with the
// schema of its arguments (checked where they enter the main side) and the type of its result;
// every event carries the type of its payload. The Electron IPC binding, the preload, the
// WebSocket bridge and the renderer's client are all derived from these two objects.
import type { Timeline } from './timeline/model';
import { z } from 'zod';
import { AliyunPrepareArgs, AliyunProfileArgs, AliyunRevealArgs, AliyunSaveArgs, type AliyunPrepared, type AliyunProfileListing } from './aliyun';
import { BRINGUP_STEP_IDS, type BringupStepEvent, type BringupStepId } from './bringup';
import type { ScriptProgress, ScriptVerdict } from './script';
import { RACK_FAULTS, type RackPortVerdict, type RackProgress } from './rack';
import type { AtOutcome, Exchange, LogEntry, PortInfo, SecretRange } from './model';
import type { Outcome, Problem } from './outcome';
import type { Msg } from './i18n/msg';
import type { ReconnectResult } from './reconnect';
import type { ModemTruth } from './modem-state';
import type { ModemStatus, ReceivedMessage, Subscription } from './status';
import { DIAGNOSTIC_CHECKS, type DiagnosticResult } from './diagnostics';
import { MQTT_DEFAULTS, TLS_DEFAULTS } from './mqtt-options';
import type { ProbeRun } from './probe';
import { LANGS } from './i18n/lang';
import type { PortSessionRow } from './ports';
import type { CertificateCheck, FileUploadProgress, ModemFileListing, SslContextReading, UploadedFile } from './modem-tls';

interface RequestDescriptor<A extends z.ZodType, R> {
  args: A;
  /** Phantom: the result type, never read at run time. */
  result?: R;
}
interface EventDescriptor<P> {
  payload?: P;
}
const req = <R>() => <A extends z.ZodType>(args: A): RequestDescriptor<A, Outcome<R>> => ({ args });
const evt = <P>(): EventDescriptor<P> => ({});

const NoArgs = z.object({}).strict().optional();

export const SerialSettingsSchema = z
  .object({
    baudRate: z.number().int().min(50).max(4_000_000),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
    parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
    flowControl: z.enum(['none', 'rtscts', 'xonxoff']),
  })
  .partial()
  .strict();

/** The path that stands for the built-in virtual EC20. */
export const VIRTUAL_PORT_PATH = 'virtual:ec20';

export const OpenPortArgs = z
  .object({
    path: z.string().trim().min(1, 'type a device path such as /dev/ttyUSB2 or COM5').max(4096),
    settings: SerialSettingsSchema.optional(),
  })
  .strict();

export const SendAtArgs = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'type an AT command')
      .max(4096)
      .refine((t) => !/[\r\n]/.test(t), 'one command per line: remove the line break'),
    /**
     * Text sent at the '> ' prompt or after CONNECT: Ctrl+Z follows unless the command gave a length
     * (QMTPUB/QMTPUBEX with a length, AT+QFUPL), which then takes exactly its bytes — a payload of
     * another byte count is refused before sending (Problem 'payload.length-mismatch').
     */
    payload: z.string().max(65536).optional(),
    timeoutMs: z.number().int().positive().max(900_000).optional(),
  })
  .strict();

const ClientIdx = z.number({ message: 'must be a whole number 0–5' }).int('must be a whole number 0–5').min(0, 'must be 0–5').max(5, 'must be 0–5');
/** AT strings have no escaping: a quote or a line break would end the parameter or the command. */
const atString = (what: string, max: number) =>
  z
    .string()
    .max(max)
    .refine((t) => !/["\r\n]/.test(t), `${what} cannot contain a double quote or a line break (AT strings have no escaping)`)
    .refine((t) => !/[\u201c\u201d]/.test(t), `${what} contains typographic quotes (“ ”), which the modem rejects`);

const Qos = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const SslCtx = z.number().int().min(0, 'SSL context is 0–5').max(5, 'SSL context is 0–5');

/**
 * A file name on the modem (protocol.md §4.5): 'ca.pem', 'UFS:ca.pem' or 'RAM:ca.pem'. No path
 * separators or wildcards; '*' means "every file" only where a request says so.
 */
const ModemFileName = atString('file name', 80)
  .min(1, 'name the file on the modem, e.g. ca.pem')
  .refine((t) => !/[*?\\/]/.test(t), 'a modem file name cannot contain / \\ * or ?');

/** The largest file the workbench uploads (a CA bundle fits; QFUPL takes it in one transfer). */
export const MAX_MODEM_FILE = 256 * 1024;

/** A file's content as the renderer read it: PEM text as is, anything else (DER) base64-encoded. */
const FileContent = {
  content: z.string().min(1, 'the file is empty').max(Math.ceil((MAX_MODEM_FILE * 4) / 3) + 4, `the file is larger than ${MAX_MODEM_FILE / 1024} KiB`),
  encoding: z.enum(['text', 'base64']).default('text'),
};

/**
 * A certificate or key for the TLS step: its name on the modem and, to check it on the laptop and
 * upload it when it is missing, its content. `replace` deletes a file of that name first.
 */
const TlsFileArgs = z
  .object({ name: ModemFileName, content: FileContent.content.optional(), encoding: FileContent.encoding, replace: z.boolean().default(false) })
  .strict();

/** The SSL context options a bring-up sets (protocol.md §4.4); defaults in shared/mqtt-options.ts. */
export const TlsOptionsArgs = z
  .object({
    sslCtx: SslCtx.default(TLS_DEFAULTS.sslCtx),
    seclevel: Qos.default(TLS_DEFAULTS.seclevel),
    sni: z.boolean().default(TLS_DEFAULTS.sni),
    ignoreLocalTime: z.boolean().default(TLS_DEFAULTS.ignoreLocalTime),
    sslVersion: z.number().int().min(0).max(4).default(TLS_DEFAULTS.sslVersion),
    cipherSuite: z.string().regex(/^0[xX][0-9a-fA-F]{1,4}$/, 'a cipher suite is hex like 0XFFFF or 0X0035').default(TLS_DEFAULTS.cipherSuite),
    negotiateTimeS: z.number().int().min(10).max(300).default(TLS_DEFAULTS.negotiateTimeS),
    /** The CA that signed the server's certificate (needed from seclevel 1). */
    ca: TlsFileArgs.optional(),
    /** The client certificate and its key (seclevel 2). */
    clientCert: TlsFileArgs.optional(),
    clientKey: TlsFileArgs.optional(),
  })
  .strict();

export const WillArgs = z
  .object({
    topic: atString('will topic', 255).min(1, 'type the will topic'),
    message: atString('will message', 255),
    qos: Qos.default(0),
    retain: z.boolean().default(false),
  })
  .strict();

export const BringupArgs = z
  .object({
    apn: atString('APN', 100).optional(),
    host: atString('server host', 100).min(1, 'type the MQTT server host').optional(),
    /** Left out: 8883 with TLS, 1883 without (shared/mqtt-options.ts defaultPortFor). */
    port: z.number({ message: 'must be a number 1–65535' }).int('must be a whole number 1–65535').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').optional(),
    tls: z.boolean().default(false),
    /** The SSL context, its options and the certificates, when `tls` is on. */
    tlsOptions: TlsOptionsArgs.optional(),
    clientId: atString('client ID', 256).min(1, 'type a client ID'),
    username: atString('user name', 512).optional(),
    password: atString('password', 512).optional(),
    clientIdx: ClientIdx.default(0),
    // Left-out MQTT options take MQTT_DEFAULTS (shared/mqtt-options.ts), the same as the CLI's.
    /** MQTT 3.1 (3) or 3.1.1 (4). */
    mqttVersion: z.union([z.literal(3), z.literal(4)]).optional(),
    /** PDP context id 1–16. */
    cid: z.number().int().min(1, 'the PDP context id is 1–16').max(16, 'the PDP context id is 1–16').optional(),
    keepalive: z.number({ message: 'must be a number of seconds 0–3600' }).int('must be whole seconds 0–3600').min(0, 'must be 0–3600 s').max(3600, 'must be 0–3600 s').default(MQTT_DEFAULTS.keepalive),
    cleanSession: z.boolean().optional(),
    pktTimeoutS: z.number().int().min(1, 'the packet timeout is 1–60 s').max(60, 'the packet timeout is 1–60 s').optional(),
    retryTimes: z.number().int().min(0, 'retries are 0–10').max(10, 'retries are 0–10').optional(),
    will: WillArgs.optional(),
    recvMode: z.object({ buffered: z.boolean(), lengthField: z.boolean() }).strict().optional(),
    /** Re-run from this step (after "fix and retry"). */
    fromStep: z.enum(BRINGUP_STEP_IDS).optional(),
    /** An Aliyun device prepared with aliyunPrepare: its login (aliauth or host-signed) and endpoint are used. */
    aliyun: z.object({ handle: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }).strict().optional(),
  })
  .strict();

/** The wizard's settings, probed from the laptop; optionally a topic for a subscribe/publish round trip. */
export const ProbeArgs = BringupArgs.extend({ roundtripTopic: atString('topic', 255).min(1).optional() }).strict();

export const UploadFileArgs = z
  .object({
    name: ModemFileName,
    ...FileContent,
    /** The file exists (+CME ERROR: 407): delete it first, then upload. */
    replace: z.boolean().default(false),
  })
  .strict();

/** AT+QSSLCFG options to write; left out ones are not touched. */
export const SslSettingsArgs = z
  .object({
    sslVersion: z.number().int().min(0).max(4),
    cipherSuite: z.string().regex(/^0[xX][0-9a-fA-F]{1,4}$/, 'a cipher suite is hex like 0XFFFF or 0X0035'),
    seclevel: Qos,
    cacert: ModemFileName,
    clientcert: ModemFileName,
    clientkey: ModemFileName,
    ignoreLocalTime: z.union([z.literal(0), z.literal(1)]),
    negotiateTimeS: z.number().int().min(10).max(300),
    sni: z.union([z.literal(0), z.literal(1)]),
  })
  .partial()
  .strict();

/** A certificate or key to check on the laptop (content as for an upload). */
const CertInput = z.object({ ...FileContent }).strict();

export const CheckCertificatesArgs = z
  .object({
    ca: CertInput.optional(),
    clientCert: CertInput.optional(),
    clientKey: CertInput.optional(),
    /** The server name, checked against the certificate's names when SNI is on or seclevel ≥ 1. */
    host: atString('server host', 100).optional(),
    /** With `host`: the laptop fetches the server's certificate there (default 8883) to check its issuer and names. */
    port: z.number().int().min(1).max(65535).optional(),
    seclevel: Qos.default(TLS_DEFAULTS.seclevel),
    sni: z.boolean().default(TLS_DEFAULTS.sni),
    ignoreLocalTime: z.boolean().default(TLS_DEFAULTS.ignoreLocalTime),
    /** Check validity at the modem's clock (AT+CCLK?, needs an open port) rather than the laptop's. */
    modemClock: z.boolean().default(true),
  })
  .strict();

export const DiagnosticArgs = z
  .object({
    check: z.enum(DIAGNOSTIC_CHECKS),
    /** PDP context for dns and ping (default 1). */
    cid: z.number().int().min(1).max(16).default(MQTT_DEFAULTS.cid),
    /** Host to ping (name or IP). */
    host: atString('host', 100).optional(),
    /** AT+QPING: seconds per reply 1–255, replies 1–10 (protocol.md §4.3). */
    timeoutS: z.number().int().min(1).max(255).optional(),
    count: z.number().int().min(1).max(10).optional(),
  })
  .strict()
  .refine((a) => a.check !== 'ping' || (a.host !== undefined && a.host !== ''), { message: 'name the host to ping', path: ['host'] });

const SubQos = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export const SubscribeArgs = z
  .object({
    clientIdx: ClientIdx.default(0),
    topic: atString('topic filter', 1024).min(1, 'type a topic filter'),
    qos: SubQos.default(0),
    /** More filters in the same AT+QMTSUB (one SUBSCRIBE; the SUBACK grants each its own QoS, protocol.md §2.6). */
    more: z.array(z.object({ topic: atString('topic filter', 1024).min(1, 'type a topic filter'), qos: SubQos.default(0) }).strict()).max(7, 'at most 8 filters in one subscribe').optional(),
  })
  .strict();

export const UnsubscribeArgs = z.object({ clientIdx: ClientIdx.default(0), topic: atString('topic filter', 1024).min(1) }).strict();

export const PublishArgs = z
  .object({
    clientIdx: ClientIdx.default(0),
    topic: atString('topic', 1024)
      .min(1, 'type a topic')
      .refine((t) => !/[+#]/.test(t), 'a publish topic cannot contain the wildcards + or #'),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    retain: z.boolean().default(false),
    payload: z.string().max(65536),
    encoding: z.enum(['text', 'json', 'hex']).default('text'),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.encoding === 'json') {
      try {
        JSON.parse(a.payload);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['payload'], message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    if (a.encoding === 'hex' && !/^([0-9a-fA-F]{2}\s*)*$/.test(a.payload.trim())) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'hex payload must be pairs of hex digits, e.g. 48 65 6c 6c 6f' });
    }
  });

export const ReconnectArgs = z.object({ clientIdx: ClientIdx.default(0) }).strict();
/** One client's link: AT+QMTDISC (Disconnect) or AT+QMTCLOSE (Close network). */
export const ClientArgs = z.object({ clientIdx: ClientIdx.default(0) }).strict();

/** Radio sampling (AT+CSQ, AT+QCSQ, AT+QENG="servingcell" every interval while a port is open): off until asked for. */
export const RadioSamplingArgs = z
  .object({
    enabled: z.boolean(),
    /** 1 s … 1 h; default 10 s. */
    intervalMs: z.number().int().min(1_000).max(3_600_000).optional(),
  })
  .strict();
export interface RadioSampling {
  enabled: boolean;
  intervalMs: number;
}
export const DEFAULT_SAMPLING_INTERVAL_MS = 10_000;

export const AutoReconnectArgs = z
  .object({
    /** One client, or every client when left out. */
    clientIdx: ClientIdx.optional(),
    enabled: z.boolean(),
  })
  .strict();

const OnOff = z.boolean();
/**
 * Faults the virtual EC20 can be told to show: one schema per fault of electron/simulator/faults.ts
 * (electron/host/demo-modem.ts checks at compile time that the two lists are the same).
 */
export const FaultArgs = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('broker-drop'), client: ClientIdx }).strict(),
  z.object({ kind: z.literal('broker-stall'), client: ClientIdx, on: OnOff }).strict(),
  z.object({ kind: z.literal('ping-failure'), client: ClientIdx }).strict(),
  z.object({ kind: z.literal('connack-refused'), code: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]), client: ClientIdx.optional() }).strict(),
  z.object({ kind: z.literal('no-network'), on: OnOff }).strict(),
  z.object({ kind: z.literal('pdp-fails'), on: OnOff }).strict(),
  z.object({ kind: z.literal('sim-missing'), on: OnOff }).strict(),
  z.object({ kind: z.literal('reboot') }).strict(),
  z.object({ kind: z.literal('silence'), commands: z.number().int().min(1).max(100).optional() }).strict(),
  z.object({ kind: z.literal('garbage'), bytes: z.string().max(4096).optional() }).strict(),
  z.object({ kind: z.literal('split-writes'), maxWriteSize: z.number().int().min(1).max(4096).optional() }).strict(),
  z.object({ kind: z.literal('echo'), on: OnOff }).strict(),
  z.object({ kind: z.literal('urc-routing'), on: OnOff }).strict(),
  /** The module clock (AT+CCLK) set to this instant: ISO 8601 text or ms since the epoch. */
  z
    .object({
      kind: z.literal('clock'),
      at: z.union([z.string().max(64).refine((t) => Number.isFinite(Date.parse(t)), 'an ISO 8601 time, e.g. 2040-01-01T00:00:00Z'), z.number().int()]),
    })
    .strict(),
]);
export const FIRMWARE_PROFILES = ['EC2X-2018', 'LTE-LATER', 'CAT1', 'BG9X'] as const;

export interface AppInfo {
  mode: 'electron' | 'browser';
  version: string;
  platform: string;
  /** True when the virtual EC20 can be started here (a PTY can be made). */
  simulatorAvailable: boolean;
  /** Why not, when it cannot. */
  simulatorNote?: string;
  /** The note as a message, for a reader in another language. */
  simulatorNoteMsg?: Msg;
  journalDir: string;
}

/**
 * Where the Virtual EC20's embedded MQTT broker listens. The virtual module dials the server it is
 * told like a real one; this is the server the wizard's demo defaults point at.
 */
export interface EmbeddedBrokerAddress {
  host: string;
  port: number;
  /** Its TLS listener (certificate signed by the demo CA). */
  tlsPort?: number;
  /** The demo CA (PEM file on this laptop) to upload as the SSL context's "cacert". */
  caPath?: string;
}

export interface PortState {
  state: 'closed' | 'opening' | 'open';
  path?: string;
  virtual?: boolean;
  /** Set while the Virtual EC20 is open. */
  embeddedBroker?: EmbeddedBrokerAddress;
  /** Set when the port closed on its own (unplugged, error). */
  problem?: Problem;
  journalPath?: string;
}

/** A journal whose session ended without a clean close (a crash, a kill -9), offered on the next start. */
export interface RecoverableSession {
  /** The journal file, inside the journal folder. */
  path: string;
  /** Wall-clock ms of its first record. */
  startedAt: number;
  /** Wall-clock ms of its last line on the wire (of its last record when it has no line). */
  lastLineAt: number;
  records: number;
  /** Lines on the wire it holds (rows of the log). */
  lines: number;
}

/** A journal opened read-only into the log and diagram views. */
/** One log row with its secret in clear, for the person at the laptop who asked to reveal it. */
export interface RevealedRow {
  index: number;
  text: string;
  secret: SecretRange[];
}

export interface OpenedJournal {
  path: string;
  records: number;
  lines: number;
  /** The last line was cut off (the writer stopped mid-line): it is left out. */
  tornTail: boolean;
}

/** How a listed session ended, read from its journal. */
export type SessionOutcome = 'connected' | 'failed' | 'crashed' | 'ended' | 'empty' | 'live';

/** One session of the journal folder, as the session list shows it. */
export interface SessionListing {
  /** The journal file (inside the journal folder): what openJournalFile takes. */
  path: string;
  name: string;
  /** Wall-clock ms of its first record, and of its last line on the wire. */
  startedAt: number;
  endedAt: number;
  /** Serial port of the session (from its journal). */
  port?: string;
  /** 'Quectel EC20F', when the session asked the modem (ATI). */
  modem?: string;
  outcome: SessionOutcome;
  /** For a person: 'connected', 'failed at AT+QMTOPEN=…: …', 'ended by crash'. */
  outcomeText: string;
  /** The same as a message, for a reader in another language. */
  outcomeMsg?: Msg;
  /** Bytes on disk. */
  size: number;
  modifiedAt: number;
  records: number;
  /** Lines on the wire (rows of the log). */
  lines: number;
  /** The session of the port open now. */
  live: boolean;
}

/** A recording shown read-only in the log and diagram views: a journal or a session file. */
export interface OpenedSession extends OpenedJournal {
  kind: 'journal' | 'session-file';
  /** File name, for the banner. */
  name: string;
  /** Where reading stopped before the end of a damaged file ('read 120 records; stopped at line 122: …'). */
  damage?: string;
}

/**
 * The largest session file the renderer may send as text, and the largest export it may download:
 * the bridge carries messages up to 16 MiB, and JSON-escaping a session file's quotes adds about a fifth.
 */
export const MAX_SESSION_TEXT = 10 * 1024 * 1024;

export const ExportRangeArgs = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('time'),
      /** Seconds from the session start (12.5) or an ISO time. */
      from: z.string().trim().max(64).optional(),
      to: z.string().trim().max(64).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('exchanges'), ids: z.array(z.number().int().min(0)).min(1, 'select exchanges in the Diagram view first').max(1_000_000) }).strict(),
]);

export const ExportSessionArgs = z
  .object({
    format: z.enum(['html', 'json', 'text', 'mermaid']),
    range: ExportRangeArgs.default({ kind: 'all' }),
    maskIds: z.boolean().default(false),
    /** The language of the html report's words and explanations (default English); a session file carries codes either way. */
    lang: z.enum(LANGS).optional(),
  })
  .strict();

/** What an export wrote. */
export interface ExportedFile {
  /** Where the file is (the exports folder beside the journals, or the path chosen in the save dialog). */
  path: string;
  fileName: string;
  bytes: number;
  format: 'html' | 'json' | 'text' | 'mermaid';
  rows: number;
  exchanges: number;
  /** Redactions by kind ('MQTT password or signed user name' → 2). */
  redactions: Record<string, number>;
}

/**
 * How far the first open of a journal with no index has read it (bytes): such a journal is read
 * whole once (a journal the app recorded opens from its writer's index and reports nothing).
 */
export interface JournalOpenProgress {
  /** The journal as openJournalFile was asked for it. */
  path: string;
  done: number;
  total: number;
}

/** Progress of a long export. */
export interface ExportProgressEvent {
  phase: 'reading' | 'redacting' | 'grouping' | 'writing';
  done: number;
  total: number;
}

/** One open port's session, by the id its row carries (listPortSessions). */
export const PortSessionIdArgs = z.object({ id: z.string().regex(/^p\d{1,6}$/, 'a port session id such as p2') }).strict();

/** Opens another port beside those open: its own engine, journal, state truth and clients. */
export const AddPortArgs = OpenPortArgs.extend({
  /** A Virtual EC20 started with this fault (to see a faulted modem beside good ones). */
  fault: z.enum(RACK_FAULTS).optional(),
  /** Make it the port the other views show (default: the focus stays where it is). */
  focus: z.boolean().default(false),
})
  .strict()
  .refine((a) => a.fault === undefined || a.path === VIRTUAL_PORT_PATH, { message: 'faults are for Virtual EC20s only', path: ['fault'] });

/** "Bring up all": the wizard on every open port at once, client 0; left-out server: each Virtual EC20's own broker. */
export const BringupAllArgs = z
  .object({
    apn: atString('APN', 100).optional(),
    host: atString('server host', 100).min(1, 'type the MQTT server host').optional(),
    port: z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535').optional(),
    /** Each port's client ID is this with the port's row number ("bench-1", "bench-2" …). */
    clientIdPrefix: atString('client ID', 200).min(1).optional(),
  })
  .strict();

/** A journal file named by the renderer; the main side accepts only files in the journal folder. */
const JournalPathArgs = z.object({ path: z.string().trim().min(1, 'name a journal file').max(4096) }).strict();

export const requests = {
  getAppInfo: req<AppInfo>()(NoArgs),
  /** The serial ports, always with the virtual EC20; a listing failure is reported beside it. */
  listPorts: req<{ ports: PortInfo[]; problem?: Problem }>()(NoArgs),
  openPort: req<PortState>()(OpenPortArgs),
  /** Sends AT to each candidate port (the listed ones, or these paths) to find the one that answers. */
  probePorts: req<Array<{ path: string; answers: boolean; problem?: Problem }>>()(
    z.object({ paths: z.array(z.string().trim().min(1).max(4096)).max(32).optional() }).strict().optional(),
  ),
  closePort: req<PortState>()(NoArgs),
  getPortState: req<PortState>()(NoArgs),
  sendAt: req<AtOutcome>()(SendAtArgs),
  /**
   * Log entries of the session by index, `from` on, at most `limit` (a renderer that starts late
   * catches up). Any row of the session is served, the open one's or the last closed one's: the
   * main process holds only the newest rows and reads older ones back from the session's journal.
   */
  getLog: req<LogEntry[]>()(
    z.object({ from: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1_000_000).default(1_000_000) }).strict().optional(),
  ),
  /**
   * The exchanges (command → answer → result URC) the main process holds: every one of the session
   * up to its window (thousands), the newest ones beyond (the renderer keeps what it was sent).
   */
  getExchanges: req<Exchange[]>()(NoArgs),
  /** The sequence diagram of the chosen exchanges (all when none are given) as text. */
  exportDiagram: req<{ text: string; mime: string; fileName: string }>()(
    z.object({ format: z.enum(['mermaid', 'svg', 'png']), exchangeIds: z.array(z.number().int().min(0)).max(1_000_000).optional(), lang: z.enum(LANGS).optional() }).strict(),
  ),
  /** What a result line, URC or error code means, from the code catalogue (null when unknown). */
  explainLine: req<Problem | null>()(z.object({ text: z.string().max(65536) }).strict()),
  /** Runs the connection wizard; each step is reported with onWizardStep as it runs. */
  runBringup: req<{ ready: boolean; failedStep?: BringupStepId; problem?: Problem }>()(BringupArgs),
  /** Cancels one client's wizard run (or reconnect), or every client's when `clientIdx` is left out. */
  cancelBringup: req<null>()(z.object({ clientIdx: ClientIdx.optional() }).strict().optional()),
  /**
   * The laptop tries the server the wizard names, with the same TLS files and CONNECT fields (the
   * password or the Aliyun device resolved on the main side, never sent back): DNS, TCP, TLS,
   * CONNECT. Compared with the modem's last bring-up; the result goes into the session journal.
   */
  runProbe: req<ProbeRun>()(ProbeArgs),
  /** Every client's last wizard run's step events on the open port, in order, each naming its client (a page opened later shows them). */
  getWizardSteps: req<BringupStepEvent[]>()(NoArgs),
  getModemStatus: req<ModemStatus>()(NoArgs),
  /** The port, module, network and every MQTT client with its subscriptions, as the journal says they are. */
  getModemState: req<ModemTruth>()(NoArgs),
  /** The first filter's subscription; `all` lists every filter's when several were subscribed at once. */
  mqttSubscribe: req<Subscription & { all?: Subscription[] }>()(SubscribeArgs),
  mqttUnsubscribe: req<null>()(UnsubscribeArgs),
  mqttPublish: req<{ msgId: number }>()(PublishArgs),
  getSubscriptions: req<Subscription[]>()(NoArgs),
  /**
   * After the link dropped (+QMTSTAT): open and connect again with the client's last settings, then
   * subscribe again to what it held; each step is reported with onWizardStep as it runs.
   */
  mqttReconnect: req<ReconnectResult>()(ReconnectArgs),
  /** MQTT DISCONNECT (AT+QMTDISC): the session ends and the network closes; no automatic reconnect follows. */
  mqttDisconnect: req<null>()(ClientArgs),
  /** Closes the client's network (AT+QMTCLOSE) without a DISCONNECT; no automatic reconnect follows. */
  mqttCloseNetwork: req<null>()(ClientArgs),
  /** Reconnect by itself after a dropped link, with a bounded back-off (off by default). */
  setAutoReconnect: req<{ enabled: boolean; clientIdx?: number }>()(AutoReconnectArgs),
  getMessages: req<ReceivedMessage[]>()(NoArgs),
  /** Samples the radio every interval while a port is open (for the timeline); the choice outlives a port. */
  setRadioSampling: req<RadioSampling>()(RadioSamplingArgs),
  getRadioSampling: req<RadioSampling>()(NoArgs),
  /** The session shown (live, closed or opened) over time: signal, state lanes, markers, message rates. */
  getTimeline: req<Timeline>()(NoArgs),
  /** Virtual EC20 only: make it misbehave the way real modems and networks do. */
  demoInjectFault: req<null>()(FaultArgs),
  /** Virtual EC20 only: switch the firmware profile (forms that differ by firmware). */
  demoSetProfile: req<null>()(z.object({ profile: z.enum(FIRMWARE_PROFILES) }).strict()),
  /** The newest journal of the journal folder when its session ended in a crash (null otherwise, or once dismissed). */
  getRecoverableSession: req<RecoverableSession | null>()(NoArgs),
  /**
   * Loads a journal of the journal folder read-only into the log and diagram views (the serial port
   * is not touched; refused while a port is open). Opening a port later starts a fresh session.
   */
  openJournalFile: req<OpenedSession>()(JournalPathArgs),
  /** The sessions of the journal folder (time, port, modem, outcome, size), newest first. */
  listSessions: req<SessionListing[]>()(NoArgs),
  /**
   * Opens a session file (json export) or a journal the user picked, sent as text (browser file
   * input, drag and drop): read-only, as openJournalFile. A damaged file opens up to the damage.
   */
  openSessionText: req<OpenedSession>()(
    z.object({ name: z.string().trim().min(1).max(1024), text: z.string().max(MAX_SESSION_TEXT, `the file is larger than ${MAX_SESSION_TEXT / 1024 / 1024} MiB; open it with File → Open in the desktop app or \`npm start -- FILE\``) }).strict(),
  ),
  /** The recording shown now (opened from the list, a file, File → Open or the command line), or null for a live or empty view. */
  getOpenedSession: req<OpenedSession | null>()(NoArgs),
  /**
   * Exports the session shown (live, closed or opened), redacted, to a file: the exports folder
   * beside the journals (browser), or where the save dialog says (desktop). Progress: onExportProgress.
   */
  exportSession: req<ExportedFile>()(ExportSessionArgs),
  /** The text of a file of the exports folder, for the browser's download (at most MAX_SESSION_TEXT). */
  readExportedFile: req<{ fileName: string; text: string; mime: string }>()(z.object({ fileName: z.string().trim().min(1).max(255) }).strict()),
  /** Stops offering this journal for recovery. */
  dismissRecoverableSession: req<null>()(JournalPathArgs),
  /**
   * The row `index` of the log with its secret in clear. Rows (getLog, onLogBatch) carry their
   * secrets masked and the journal stores them sealed: the main process opens them with this
   * laptop's key only for the row the user asked to reveal.
   * null when the row has no secret, or it cannot be opened here (a journal from another machine).
   */
  revealLogRow: req<RevealedRow | null>()(z.object({ index: z.number().int().min(0) }).strict()),
  /**
   * Aliyun: reads a paste or typed fields, derives the endpoint and the CONNECT fields and runs the
   * checks before sending. The DeviceSecret stays on the main side; the renderer gets a handle.
   */
  aliyunPrepare: req<AliyunPrepared>()(AliyunPrepareArgs),
  /** Aliyun: the signed password or the DeviceSecret of a prepared device, on explicit request only. */
  aliyunReveal: req<{ text: string }>()(AliyunRevealArgs),
  /** Aliyun: keeps a prepared device as a named profile; its secret sealed (OS keyring, or a user-only file). */
  aliyunSaveProfile: req<AliyunProfileListing>()(AliyunSaveArgs),
  aliyunListProfiles: req<AliyunProfileListing[]>()(NoArgs),
  /** Aliyun: prepares a saved profile again (its secret opened on the main side only). */
  aliyunLoadProfile: req<AliyunPrepared>()(AliyunProfileArgs),
  /** The modem's files (AT+QFLST) and its free space (AT+QFLDS). */
  listModemFiles: req<ModemFileListing>()(z.object({ pattern: atString('pattern', 80).optional() }).strict().optional()),
  /**
   * Uploads a file to the modem (AT+QFUPL with its exact size, no Ctrl+Z) and checks the modem's
   * size and checksum against the laptop's. A file of that name: Problem 'file.exists' unless
   * `replace` (then AT+QFDEL first). Progress: onFileUploadProgress. Key content is a secret.
   */
  uploadModemFile: req<UploadedFile>()(UploadFileArgs),
  /** Deletes one file of the modem (AT+QFDEL). */
  deleteModemFile: req<null>()(z.object({ name: ModemFileName }).strict()),
  /** Every AT+QSSLCFG option of an SSL context, read back. */
  readSslContext: req<SslContextReading>()(z.object({ ctx: SslCtx }).strict()),
  /** Writes the given AT+QSSLCFG options of a context, then reads all of them back. */
  writeSslContext: req<SslContextReading>()(z.object({ ctx: SslCtx, settings: SslSettingsArgs }).strict()),
  /**
   * Checks certificates and key on the laptop before they are sent: they parse, the key matches,
   * they are valid at the modem's clock, the server name matches. Runs without a port (laptop clock).
   */
  checkCertificates: req<CertificateCheck>()(CheckCertificatesArgs),
  /** One of the checks the catalogue recommends: urcport, attach, dns, ping, clock, sim-identity. */
  runDiagnostic: req<DiagnosticResult>()(DiagnosticArgs),
  /**
   * Runs a script (AT lines, "> payload", "# expect REGEX", "# await LINE 10s") on the open port:
   * the runner of `workbench run`; each step is reported with onScriptProgress as it runs.
   */
  runScript: req<ScriptVerdict>()(
    z.object({ text: z.string().max(1 << 20), values: z.record(z.string().max(64), z.string().max(65536)).optional() }).strict(),
  ),
  cancelScript: req<null>()(NoArgs),
  /**
   * A rack: several ports ("virtual" starts a Virtual EC20, optionally faulted), each with its own
   * session and journal, brought up or scripted in parallel; each step is reported with
   * onRackProgress. Independent of the port open in the other views.
   */
  runRack: req<{ verdicts: RackPortVerdict[]; summary: { ports: number; passed: number; failed: number; durationMs: number } }>()(
    z.object({
      action: z.enum(['bringup', 'script']),
      ports: z.array(z.object({ path: z.string().trim().min(1).max(4096), fault: z.enum(RACK_FAULTS).optional() }).strict()).min(1).max(16),
      server: z.object({ host: z.string().trim().min(1).max(255), port: z.number().int().min(1).max(65535) }).strict().optional(),
      apn: z.string().max(100).optional(),
      script: z.string().max(1 << 20).optional(),
      values: z.record(z.string().max(64), z.string().max(65536)).optional(),
    }).strict(),
  ),
  cancelRack: req<null>()(NoArgs),
  /**
   * Every port open in the app (and those closed or gone since, until dismissed), one row each with
   * its live status: module, signal, registration, MQTT state per client, last error. Changes: onPortSessions.
   */
  listPortSessions: req<PortSessionRow[]>()(NoArgs),
  /** Opens another port beside those open (openPort keeps refusing while the focused port is open). */
  addPort: req<PortSessionRow>()(AddPortArgs),
  /** Makes this port's session the one every other request and event is about (onFocusChanged follows). */
  focusPort: req<PortSessionRow>()(PortSessionIdArgs),
  /** Closes one port (the others keep running); a closed or gone port's row is dismissed. */
  closePortSession: req<null>()(PortSessionIdArgs),
  /** The connection wizard on every open port in parallel (the rack runner of `workbench bringup --port A --port B`). */
  bringupAllPorts: req<{ verdicts: RackPortVerdict[]; summary: { ports: number; passed: number; failed: number; durationMs: number } }>()(BringupAllArgs),
  /** The session shown, or commands from..to of it (1-based), as a replayable script (secrets as ${VARIABLES}). */
  scriptFromSession: req<{ text: string; variables: string[]; commands: number }>()(
    z.object({ from: z.number().int().min(1).optional(), to: z.number().int().min(1).optional() }).strict().optional(),
  ),
} as const;

export const events = {
  /** Log lines, batched (about one message per animation frame). */
  onLogBatch: evt<LogEntry[]>(),
  onPortState: evt<PortState>(),
  /** New or changed exchanges (replace by id), batched like the log. */
  onExchanges: evt<Exchange[]>(),
  onWizardStep: evt<BringupStepEvent>(),
  onModemStatus: evt<ModemStatus>(),
  /** The one state truth changed (any command, answer or URC; the port opening or closing). */
  onModemState: evt<ModemTruth>(),
  onSubscriptions: evt<Subscription[]>(),
  onMqttMessage: evt<ReceivedMessage>(),
  /** A recording was opened read-only (from the list, a file, the menu or the command line). */
  onSessionOpened: evt<OpenedSession>(),
  onExportProgress: evt<ExportProgressEvent>(),
  /** The journal being opened with no index is read whole: how far (openJournalFile). */
  onJournalOpenProgress: evt<JournalOpenProgress>(),
  /** A menu entry of the desktop app that the renderer carries out (File → Export…). */
  onAppCommand: evt<{ command: 'export' | 'sessions' }>(),
  /** A file upload to the modem moves on (uploadModemFile). */
  onFileUploadProgress: evt<FileUploadProgress>(),
  /** A step of a script run (runScript) started, passed or failed. */
  onScriptProgress: evt<ScriptProgress>(),
  /** A port of a rack run (runRack) moved on: a step, or its verdict. */
  onRackProgress: evt<RackProgress>(),
  /** The open ports' rows changed (a port opened, closed or went away; a state truth or a wizard step moved). */
  onPortSessions: evt<PortSessionRow[]>(),
  /**
   * Another port's session is now the one shown: the renderer starts over and reads it back (as
   * after a page reload). `id` is absent when no port session is left to show.
   */
  onFocusChanged: evt<{ id?: string }>(),
} as const;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;

export type ArgsOf<K extends RequestName> = z.input<Requests[K]['args']>;
export type ParsedArgsOf<K extends RequestName> = z.output<Requests[K]['args']>;
export type ResultOf<K extends RequestName> = NonNullable<Requests[K]['result']>;
export type PayloadOf<K extends EventName> = NonNullable<Events[K]['payload']>;

/** What the renderer sees as `window.workbench` (and what the WebSocket client implements). */
export type WorkbenchApi = {
  [K in RequestName]: (args?: ArgsOf<K>) => Promise<ResultOf<K>>;
} & {
  [K in EventName]: (listener: (payload: PayloadOf<K>) => void) => () => void;
};

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

/** Every IPC channel carries this prefix; the main side refuses any other. */
export const CHANNEL_PREFIX = 'workbench:';

/** What the user calls the fields a form sends (the wizard, the topics panel, the console). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  clientIdx: 'Client index',
  host: 'MQTT server',
  port: 'Port',
  clientId: 'Client ID',
  username: 'User name',
  password: 'Password',
  apn: 'APN',
  keepalive: 'Keep-alive',
  topic: 'Topic',
  payload: 'Payload',
  qos: 'QoS',
  text: 'AT command',
  path: 'Device path',
};

/** 'Client index must be 0–5': a field's label and what is wrong, for a person (zod's own words otherwise). */
export function fieldProblemText(field: string, message: string): string {
  const label = FIELD_LABELS[field];
  // zod's own wording for a wrong or missing type, said for a person.
  const typed = /^Invalid input: expected (\w+), received (\w+)/.exec(message);
  if (typed) message = typed[2] === 'undefined' ? 'is missing' : `must be ${typed[1] === 'string' ? 'text' : typed[1] === 'number' ? 'a number' : typed[1]}`;
  if (!label) return `${field}: ${message}`;
  return /^(must|is)\b/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/** Checks arguments against the request's schema; the problem names the field that failed in the user's words. */
export function validateArgs<K extends RequestName>(name: K, args: unknown): Outcome<ParsedArgsOf<K>> {
  const schema = requests[name].args as z.ZodType;
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedArgsOf<K> };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const label = field ? FIELD_LABELS[field] : undefined;
  if (issue && field && label) {
    return {
      ok: false,
      problem: {
        code: 'invalid-argument',
        title: fieldProblemText(field, issue.message),
        detail: parsed.error.issues.map((i) => fieldProblemText(i.path.join('.') || '(arguments)', i.message)).join('; '),
        nextStep: `Correct the "${label}" field and try again.`,
        // The reader's language words it again from these (shared/protocol/localize.ts).
        params: { kind: 'field', field, message: issue.message },
      },
    };
  }
  const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
  const where = field ?? unknownKeys ?? '(arguments)';
  return {
    ok: false,
    problem: {
      code: 'invalid-argument',
      title: `Invalid value for "${where}" in ${name}`,
      detail: parsed.error.issues.map((i) => `${i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '(arguments)')}: ${i.message}`).join('; '),
      nextStep: `Correct "${where}" and try again.`,
      params: { kind: 'request', where, request: name },
    },
  };
}

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requests, name);
}
