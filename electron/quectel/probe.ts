// Finds the port that answers AT, and tells a port held by another program from one that is
// silent. On Linux the usual holder of a modem port is ModemManager, which either locks it or
// talks on it at the same time (answers then go missing), so both cases name it.
import fs from 'node:fs';
import type { PortInfo } from '../../shared/model';
import { problem, type Problem } from '../../shared/outcome';
import { createQuectelEngine } from './engine';
import { openSerial } from '../serial/transport';
import { basic } from './basic';
import { probeOrder } from './usb-ids';

export interface ProbeResult {
  path: string;
  answers: boolean;
  problem?: Problem;
}

export interface ProbeOptions {
  /** Wait for OK per attempt (default 1000 ms). */
  timeoutMs?: number;
  /** Attempts per port (default 2). */
  attempts?: number;
  /** Defaults to process.platform; decides whether ModemManager is named. */
  platform?: NodeJS.Platform;
  /** Whether ModemManager runs; looked up in /proc when not given. */
  modemManagerRunning?: boolean;
}

/** True when a process named ModemManager runs (Linux /proc); false where /proc is absent. */
export function modemManagerRunning(proc = '/proc'): boolean {
  try {
    for (const pid of fs.readdirSync(proc)) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (fs.readFileSync(`${proc}/${pid}/comm`, 'utf8').trim() === 'ModemManager') return true;
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    return false;
  }
  return false;
}

const MM_ADVICE = 'On Linux ModemManager often holds modem ports: stop it with `sudo systemctl stop ModemManager`, or make it ignore the modem with a udev rule such as ATTRS{idVendor}=="2c7c", ENV{ID_MM_DEVICE_IGNORE}="1" in /etc/udev/rules.d/99-workbench.rules (then `sudo udevadm control --reload`).';

/** Sends AT to one port; never throws for port or modem reasons. */
export async function probePort(path: string, o: ProbeOptions = {}): Promise<ProbeResult> {
  const linux = (o.platform ?? process.platform) === 'linux';
  const opened = await openSerial(path);
  if (!opened.ok) {
    const p = opened.problem;
    if (p.code === 'port.busy' && linux) return { path, answers: false, problem: { ...p, nextStep: `${MM_ADVICE} Otherwise close the other program (minicom, screen, another workbench).` } };
    return { path, answers: false, problem: p };
  }
  const transport = opened.value;
  const engine = createQuectelEngine(transport);
  try {
    let last: Problem | undefined;
    for (let i = 0; i < (o.attempts ?? 2); i++) {
      const out = await engine.send({ ...basic.at(), timeoutMs: o.timeoutMs ?? 1_000 });
      if (out.kind === 'ok') return { path, answers: true };
      last = out.problem;
    }
    return {
      path,
      answers: false,
      problem: problem(
        'probe.no-answer',
        `${path} does not answer AT.`,
        last?.detail ?? 'No answer.',
        linux && (o.modemManagerRunning ?? modemManagerRunning())
          ? `ModemManager is running and may be talking on this port at the same time. ${MM_ADVICE}`
          : `This may not be the AT port (on Quectel modules it is USB interface 2, usually the third ttyUSB), or the baud rate differs.${linux ? ` ${MM_ADVICE}` : ' Close any other program that uses the port.'}`,
      ),
    };
  } finally {
    engine.dispose();
    await transport.close().catch(() => undefined);
  }
}

/** Probes candidates one at a time, AT ports first (a modem may be confused by parallel opens). */
export async function probePorts(list: readonly PortInfo[], o: ProbeOptions = {}): Promise<ProbeResult[]> {
  const out: ProbeResult[] = [];
  for (const p of probeOrder(list)) {
    // Diagnostic and NMEA ports do not take AT commands; opening them is harmless but pointless.
    if (p.role === 'diagnostic' || p.role === 'NMEA' || p.role === 'network') continue;
    out.push(await probePort(p.path, o));
  }
  return out;
}
