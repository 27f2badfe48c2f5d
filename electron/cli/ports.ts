// `workbench ports [--probe] [--json]`: lists serial ports with their Quectel roles; with
// --probe, asks each candidate for AT to find the one that answers. Exit 0 listed, 1 listing
// failed, 2 bad usage.
import type { PortInfo } from '../../shared/model';
import { probePorts, type ProbeResult } from '../quectel/probe';
import { describePorts } from '../quectel/usb-ids';
import { listPorts } from '../serial/ports';
import { readCommandLine, type CommandSpec } from './args';
import { cliT } from './lang';
import { msgText } from '../../shared/i18n';
import { localProblem, nextLine, problemLines } from './say';

/** Every option of `workbench ports`, its help and its checks. */
export const PORTS_COMMAND_LINE = {
  command: 'ports',
  synopsis: '[--probe] [--json]',
  get description() { return cliT()('cliHelp.portsDescription'); },
  options: {
    probe: { type: 'boolean', get help() { return cliT()('cliHelp.portsProbe'); } },
    json: { type: 'boolean', get help() { return cliT()('cliHelp.portsJson'); } },
  },
  get notes() { return cliT()('cliHelp.portsNotes'); },
} as const satisfies CommandSpec;

export async function run(args: string[]): Promise<number> {
  const parsed = readCommandLine(PORTS_COMMAND_LINE, args);
  if (typeof parsed === 'number') return parsed;
  const probe = parsed.values.probe ?? false;
  const json = parsed.values.json ?? false;
  const listed = await listPorts();
  if (!listed.ok) {
    if (json) process.stdout.write(JSON.stringify({ ok: false, problem: listed.problem }) + '\n');
    else process.stderr.write(`workbench ports: ${problemLines(listed.problem, '  ').trimStart()}`);
    return 1;
  }
  const ports = describePorts(listed.value);
  const probed = probe ? await probePorts(ports) : undefined;
  if (json) {
    process.stdout.write(JSON.stringify({ ok: true, ports, ...(probed ? { probe: probed } : {}) }) + '\n');
    return 0;
  }
  if (ports.length === 0) process.stdout.write(cliT()('cliOut.noPorts') + '\n');
  for (const p of ports) process.stdout.write(formatPort(p, probed?.find((r) => r.path === p.path)) + '\n');
  return 0;
}

function formatPort(p: PortInfo, r: ProbeResult | undefined): string {
  const ids = p.vendorId ? ` [${p.vendorId}:${p.productId ?? '?'}${p.interfaceNumber !== undefined ? ` if${p.interfaceNumber}` : ''}]` : '';
  const head = `${p.path.padEnd(16)} ${msgText(cliT(), p.labelMsg, p.label ?? p.manufacturer ?? '')}${ids}`;
  if (!r) return head;
  const t = cliT();
  if (r.answers) return `${head}\n  ${t('cliOut.answersAt')}`;
  const problem = r.problem && localProblem(r.problem);
  return `${head}\n  ${problem?.title ?? t('cliOut.noAnswer')}${problem ? `\n  ${nextLine(problem.nextStep)}` : ''}`;
}
