// `workbench bringup --port PATH …`: runs the connection wizard on a modem and prints each step
// as it passes or fails, then a one-line verdict. Exit 0 ready, 1 a step failed, 2 bad usage,
// 3 the port could not be opened. `--port virtual` starts the virtual EC20 for the run.
import type { BringupStepData, BringupStepEvent } from '../../shared/bringup';
import { bringupStepTitle, isBringupStepId, mergeStepData, type BringupStepId } from '../../shared/bringup';
import type { Problem } from '../../shared/outcome';
import { createAtEngine } from '../at/engine';
import type { SerialTransport } from '../at/types';
import { runBringup, type BringupOptions } from '../quectel/bringup';
import { openSerial } from '../serial/transport';

import type { Fault } from '../simulator/faults';

/** Faults a demo can inject into the virtual modem; 'broker-unreachable' points its opens at a closed port. */
const FAULTS: Record<string, Fault | 'broker-unreachable'> = {
  'sim-missing': { kind: 'sim-missing', on: true },
  'no-network': { kind: 'no-network', on: true },
  'pdp-fails': { kind: 'pdp-fails', on: true },
  'connack-refused': { kind: 'connack-refused', code: 4 },
  'broker-unreachable': 'broker-unreachable',
};

const HELP = `usage: workbench bringup --port PATH [options]

Runs the connection wizard: AT, SIM, signal, registration, PDP context, MQTT open and connect.

  --port PATH          the modem's AT port (e.g. /dev/ttyUSB2, COM5), or "virtual" for the built-in EC20
  --apn APN            APN to configure (AT+QICSGP); without it the stored context is used
  --server HOST:PORT   MQTT server (default for --port virtual: broker.example.net:1883)
  --tls                use TLS (SSL context 0, set up beforehand with AT+QSSLCFG)
  --client-id ID       MQTT client ID (default: wb-<random>)
  --username U         MQTT user name
  --password P         MQTT password
  --client-idx N       client index 0–5 (default 0)
  --keepalive S        keep-alive seconds (default 60)
  --from STEP          re-run from this step (e.g. open)
  --timeout-scale X    multiply every timeout (slow links)
  --fault F            with --port virtual, inject a fault first (repeatable): ${Object.keys(FAULTS).join(', ')}
  --json               one JSON object per step (with its "data": IMEI, signal, IP …), then
                       {"ok":…,"step":…,"code":…,"explanation":…,"data":{…everything found}}
`;

export interface BringupCliArgs {
  port: string;
  faults: string[];
  json: boolean;
  timeoutScale: number;
  options: Omit<BringupOptions, 'signal'>;
}

/** Parses the options; a string is an error message. */
export function parseBringupArgs(args: string[]): BringupCliArgs | string | 'help' {
  let port: string | undefined;
  let server: string | undefined;
  let json = false;
  let timeoutScale = 1;
  const faults: string[] = [];
  const o: Partial<BringupOptions> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const value = (): string | undefined => {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) return undefined;
      i++;
      return v;
    };
    const need = (what: string): string => {
      const v = value();
      if (v === undefined) throw new UsageError(`${a} needs ${what}`);
      return v;
    };
    try {
      switch (a) {
        case '--help':
        case '-h':
          return 'help';
        case '--port': port = need('a path'); break;
        case '--apn': o.apn = need('an APN'); break;
        case '--server': server = need('HOST:PORT'); break;
        case '--tls': o.tls = true; break;
        case '--client-id': o.clientId = need('an ID'); break;
        case '--username': o.username = need('a user name'); break;
        case '--password': o.password = need('a password'); break;
        case '--json': json = true; break;
        case '--fault': {
          const f = need('a fault name');
          if (!(f in FAULTS)) return `unknown fault "${f}" (one of ${Object.keys(FAULTS).join(', ')})`;
          faults.push(f);
          break;
        }
        case '--client-idx': {
          const n = Number(need('a number 0–5'));
          if (!Number.isInteger(n) || n < 0 || n > 5) return '--client-idx needs a number 0–5';
          o.clientIdx = n;
          break;
        }
        case '--keepalive': {
          const n = Number(need('seconds'));
          if (!Number.isInteger(n) || n < 0 || n > 3600) return '--keepalive needs 0–3600 seconds';
          o.keepalive = n;
          break;
        }
        case '--from': {
          const s = need('a step id');
          if (!isBringupStepId(s)) return `unknown step "${s}"`;
          o.fromStep = s as BringupStepId;
          break;
        }
        case '--timeout-scale': {
          const n = Number(need('a number'));
          if (!Number.isFinite(n) || n <= 0) return '--timeout-scale needs a number > 0';
          timeoutScale = n;
          break;
        }
        default:
          return `unknown option "${a}"`;
      }
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
  }
  if (!port) return '--port is required';
  if (faults.length && port !== 'virtual') return '--fault only works with --port virtual';
  server ??= port === 'virtual' ? 'broker.example.net:1883' : undefined;
  if (!server) return '--server HOST:PORT is required';
  const m = /^(.+):(\d{1,5})$/.exec(server);
  const serverPort = m ? Number(m[2]) : NaN;
  if (!m?.[1] || serverPort < 1 || serverPort > 65535) return '--server needs HOST:PORT, e.g. broker.example.net:1883';
  if (o.password !== undefined && o.username === undefined) return '--password needs --username as well (AT+QMTCONN takes the password after the user name)';
  for (const [name, v] of [['--apn', o.apn], ['--client-id', o.clientId], ['--username', o.username], ['--password', o.password], ['--server', m[1]]] as const) {
    if (v !== undefined && /["\r\n\u201c\u201d]/.test(v)) return `${name} cannot contain quotes or line breaks (AT strings have no escaping)`;
  }
  return {
    port,
    faults,
    json,
    timeoutScale,
    options: {
      ...o,
      portPath: port,
      server: { host: m[1], port: serverPort },
      clientId: o.clientId ?? `wb-${Math.random().toString(36).slice(2, 10)}`,
      timeoutScale,
    },
  };
}

class UsageError extends Error {}

const mark = { passed: '✓', failed: '✗', skipped: '–', running: '…' } as const;

function printStep(e: BringupStepEvent, json: boolean): void {
  if (e.status === 'running') return;
  if (json) {
    process.stdout.write(JSON.stringify(e) + '\n');
    return;
  }
  const line = `${mark[e.status]} ${e.title}${e.detail ? ` — ${e.detail}` : ''}`;
  const p = e.problem;
  process.stdout.write(p ? `${line}\n    ${p.title}\n    ${p.detail}\n    next step: ${p.nextStep}\n` : `${line}\n`);
}

function verdict(json: boolean, ok: boolean, step: string, p?: Problem, data: BringupStepData = {}): void {
  if (json) {
    process.stdout.write(JSON.stringify({ ok, step, code: p?.code ?? null, explanation: p ? p.title : null, ...(p ? { nextStep: p.nextStep } : {}), data }) + '\n');
    return;
  }
  process.stdout.write(ok ? 'READY: the modem is connected to the MQTT server.\n' : `FAILED at "${step}": ${p?.title ?? 'unknown problem'} Next: ${p?.nextStep ?? ''}\n`);
}

export async function run(args: string[]): Promise<number> {
  const a = parseBringupArgs(args);
  if (a === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (typeof a === 'string') {
    process.stderr.write(`workbench bringup: ${a}\n\n${HELP}`);
    return 2;
  }
  let stopVirtual: (() => Promise<void>) | undefined;
  let path = a.port;
  if (a.port === 'virtual') {
    try {
      const { startVirtualModem } = await import('../simulator/index');
      const unreachable = a.faults.includes('broker-unreachable');
      const vm = await startVirtualModem({ speed: 0.2, skipPowerUp: true, ...(unreachable ? { brokerUrl: 'mqtt://127.0.0.1:9', embeddedBroker: false } : {}) });
      for (const f of a.faults) {
        const fault = FAULTS[f];
        if (fault && fault !== 'broker-unreachable') vm.inject(fault);
      }
      path = vm.hostPath;
      stopVirtual = () => vm.stop();
    } catch (err) {
      const p: Problem = { code: 'virtual.start-failed', title: 'The virtual modem did not start.', detail: err instanceof Error ? err.message : String(err), nextStep: 'Install socat (`sudo apt-get install socat`) and retry.' };
      printStep({ id: 'port', title: bringupStepTitle('port'), status: 'failed', problem: p }, a.json);
      verdict(a.json, false, 'port', p);
      return 3;
    }
  }
  let transport: SerialTransport | undefined;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const opened = await openSerial(path);
    if (!opened.ok) {
      printStep({ id: 'port', title: bringupStepTitle('port'), status: 'failed', problem: opened.problem }, a.json);
      verdict(a.json, false, 'port', opened.problem);
      return 3;
    }
    transport = opened.value;
    const engine = createAtEngine(transport, { timeoutScale: a.timeoutScale });
    try {
      const r = await runBringup(engine, { ...a.options, signal: controller.signal }, (e) => printStep(e, a.json));
      verdict(a.json, r.ok, r.step, r.problem, mergeStepData(r.steps));
      if (r.ok) return 0;
      return r.problem?.code.startsWith('port.') ? 3 : 1;
    } finally {
      engine.dispose();
    }
  } finally {
    process.off('SIGINT', onSignal);
    await transport?.close().catch(() => undefined);
    await stopVirtual?.();
  }
}
