// Where a rack's results go so that a production line can collect them: an MQTT topic of a
// broker the factory already runs (mqtt://[user:pass@]HOST:PORT/TOPIC, mqtts:// for TLS), or a
// local JSON Lines file appended to. Each port's verdict is sent as soon as it is known, the
// summary last.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ReportSink {
  /** Where the results go, for messages (credentials left out). */
  readonly target: string;
  send(record: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
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
export async function openReport(target: string): Promise<ReportSink> {
  if (/^mqtts?:\/\//i.test(target)) {
    const u = new URL(target);
    const topic = decodeURIComponent(u.pathname.replace(/^\//, ''));
    const shown = `${u.protocol}//${u.host}/${topic}`;
    const { default: mqtt } = await import('mqtt');
    const client = await mqtt.connectAsync(`${u.protocol}//${u.host}`, {
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
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
