// Where a rack's results go so that a production line can collect them: an MQTT topic of a
// broker the factory already runs (mqtt://[user:pass@]HOST:PORT/TOPIC, mqtts:// for TLS with its
// CA, a client certificate and a login as `workbench probe` takes them), or a local JSON Lines
// file appended to. Each port's verdict is sent as soon as it is known, the summary last. The
// password never appears in what is shown: the target is named without its login, and errors go
// through the one redaction (session/redact.ts).
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactText } from '../session/redact';

export interface ReportSink {
  /** Where the results go, for messages (credentials left out). */
  readonly target: string;
  send(record: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** How to connect to a report broker: TLS (mqtts://) and the login, besides what the URL holds. */
export interface ReportConnection {
  tls?: {
    /** Check the broker's certificate (against `ca`, else the system's CAs). */
    verify: boolean;
    ca?: Uint8Array;
    clientCert?: Uint8Array;
    clientKey?: Uint8Array;
    servername?: string;
  };
  username?: string;
  password?: string;
}

/** The target as it may be shown: a URL without its login. */
export function shownTarget(target: string): string {
  if (!/^mqtts?:\/\//i.test(target)) return target;
  try {
    const u = new URL(target);
    return `${u.protocol}//${u.host}/${decodeURIComponent(u.pathname.replace(/^\//, ''))}`;
  } catch {
    return target.replace(/\/\/[^@/]*@/, '//');
  }
}

/** A message about the report with the password (from the URL or the options) redacted. */
export function redactedReportMessage(message: string, target: string, connection: ReportConnection = {}): string {
  const secrets: string[] = [];
  if (connection.password) secrets.push(connection.password);
  try {
    const u = new URL(target);
    if (u.password) secrets.push(u.password, decodeURIComponent(u.password));
  } catch {
    // not a URL: a file
  }
  return redactText(message.trim(), secrets).replace(/(mqtts?:\/\/[^:@/\s]*):[^@/\s]*@/gi, '$1@');
}

/** PEM as Node's TLS wants it; a DER certificate (as the modem may be given) converted. */
function pem(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  if (b.subarray(0, 64).toString('latin1').includes('-----BEGIN')) return b;
  try {
    return Buffer.from(new X509Certificate(b).toString());
  } catch {
    return b;
  }
}

/** What every record carries: which station sent it, and when. */
function stamped(record: Record<string, unknown>): Record<string, unknown> {
  return { station: os.hostname(), at: new Date().toISOString(), ...record };
}

/** Why `target` cannot be a report destination, or undefined when it can. */
export function reportTargetProblem(target: string): string | undefined {
  if (/^mqtts?:\/\//i.test(target)) {
    let u: URL;
    try {
      u = new URL(target);
    } catch {
      return `--report ${target}: not a URL`;
    }
    if (!u.hostname) return '--report mqtt://HOST:PORT/TOPIC needs a host';
    if (u.pathname.replace(/^\//, '') === '') return '--report mqtt://HOST:PORT/TOPIC needs a topic after the address';
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return `--report takes mqtt://, mqtts:// or a FILE.jsonl, not ${target}`;
  return undefined;
}

/** Opens the destination: connects to the broker, or prepares the file. Rejects when it cannot. */
export async function openReport(target: string, connection: ReportConnection = {}): Promise<ReportSink> {
  if (/^mqtts?:\/\//i.test(target)) {
    const u = new URL(target);
    const topic = decodeURIComponent(u.pathname.replace(/^\//, ''));
    const shown = shownTarget(target);
    const { default: mqtt } = await import('mqtt');
    const username = connection.username ?? (u.username ? decodeURIComponent(u.username) : undefined);
    const password = connection.password ?? (u.password ? decodeURIComponent(u.password) : undefined);
    const t = u.protocol === 'mqtts:' ? (connection.tls ?? { verify: true }) : undefined;
    const client = await mqtt.connectAsync(`${u.protocol}//${u.host}`, {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(t
        ? {
            rejectUnauthorized: t.verify,
            ...(t.ca ? { ca: pem(t.ca) } : {}),
            ...(t.clientCert && t.clientKey ? { cert: Buffer.from(t.clientCert), key: Buffer.from(t.clientKey) } : {}),
            ...(t.servername ? { servername: t.servername } : {}),
          }
        : {}),
      clientId: `workbench-report-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      connectTimeout: 10_000,
      reconnectPeriod: 0,
    });
    return {
      target: shown,
      send: async (record) => {
        await client.publishAsync(topic, JSON.stringify(stamped(record)), { qos: 1 });
      },
      close: async () => {
        await client.endAsync();
      },
    };
  }
  const file = path.resolve(target);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    target: file,
    send: async (record) => {
      await fs.promises.appendFile(file, JSON.stringify(stamped(record)) + '\n');
    },
    close: async () => undefined,
  };
}
