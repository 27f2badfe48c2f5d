// The shared argument parser of the `workbench` commands: its rules, each command's option table,
// and `--help` / usage errors as a user meets them (child processes).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpText, parseCommandLine, usageErrorLine, type CommandSpec } from './args';
import { AT_COMMAND_LINE } from './at';
import { BRINGUP_COMMAND_LINE, parseBringupArgs } from './bringup';
import { DIAGRAM_COMMAND_LINE, parseDiagramArgs } from './diagram';
import { EXPLAIN_COMMAND_LINE, parseExplainArgs } from './explain';
import { PORTS_COMMAND_LINE } from './ports';
import { DIAG_COMMAND_LINE, FILES_COMMAND_LINE } from './modem-tools';
import { SIM_COMMAND_LINE, parseSimArgs } from './sim';

const demo = {
  command: 'demo',
  synopsis: '[options] WORD…',
  description: 'A command for the tests.',
  positionals: { name: 'WORD…', help: 'words' },
  options: {
    port: { type: 'string', short: 'p', value: 'PATH', help: 'the port' },
    json: { type: 'boolean', help: 'JSON output' },
    speed: { type: 'number', value: 'X', min: 0, help: 'speed' },
    idx: { type: 'number', integer: true, min: 0, max: 5, help: 'index' },
    scale: { type: 'number', above: 0, help: 'scale' },
    secret: { type: 'string', multiple: true, help: 'a secret' },
  },
} as const satisfies CommandSpec;

describe('parseCommandLine', () => {
  it('reads long, short and inline values, booleans, numbers, repeated options and positionals in order', () => {
    expect(parseCommandLine(demo, ['-p', '/dev/ttyUSB2', 'AT', '--json', '--speed=0.5', '--idx', '3', '--secret', 'a', '--secret', 'b', 'AT+CSQ'])).toEqual({
      kind: 'ok',
      values: { port: '/dev/ttyUSB2', json: true, speed: 0.5, idx: 3, secret: ['a', 'b'] },
      positionals: ['AT', 'AT+CSQ'],
    });
    expect(parseCommandLine(demo, ['--port=/dev/x', '--', '--json'])).toEqual({ kind: 'ok', values: { port: '/dev/x' }, positionals: ['--json'] });
  });

  it('takes a value that starts with a dash when it is not an option', () => {
    expect(parseCommandLine(demo, ['--port', '-x9'])).toEqual({ kind: 'ok', values: { port: '-x9' }, positionals: [] });
    expect(parseCommandLine(demo, ['--port=--odd'])).toEqual({ kind: 'ok', values: { port: '--odd' }, positionals: [] });
  });

  it('keeps negative numbers as words or values, not options', () => {
    expect(parseCommandLine(demo, ['qmtopen', '-1'])).toEqual({ kind: 'ok', values: {}, positionals: ['qmtopen', '-1'] });
    expect(parseCommandLine(demo, ['--speed', '-1'])).toEqual({ kind: 'error', message: '--speed needs a number >= 0, got "-1"' });
  });

  it('--help or -h anywhere wins', () => {
    expect(parseCommandLine(demo, ['--bogus', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(demo, ['--port', 'x', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['--bogus=1'], 'unknown option "--bogus"'],
    [['-x'], 'unknown option "-x"'],
    [['--port'], '--port needs a value'],
    [['--port', '--json'], '--port needs a value'],
    [['--port', '-p'], '--port needs a value'],
    [['--port', ''], '--port needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['--speed', 'fast'], '--speed needs a number >= 0, got "fast"'],
    [['--idx', '6'], '--idx needs a whole number 0–5, got "6"'],
    [['--idx', '1.5'], '--idx needs a whole number 0–5, got "1.5"'],
    [['--scale', '0'], '--scale needs a number > 0, got "0"'],
  ])('%j is refused: %s', (args, message) => {
    expect(parseCommandLine(demo, args)).toEqual({ kind: 'error', message });
  });

  it('refuses a positional argument when the command takes none', () => {
    expect(parseCommandLine(PORTS_COMMAND_LINE, ['extra'])).toEqual({ kind: 'error', message: 'unexpected argument "extra"' });
  });

  it('the help lists every option with its alias, value name and help, and -h/--help', () => {
    const text = helpText(demo);
    expect(text.split('\n')[0]).toBe('usage: workbench demo [options] WORD…');
    expect(text).toMatch(/-p, --port PATH +the port/);
    expect(text).toMatch(/ {4}--json +JSON output/);
    expect(text).toMatch(/--secret VALUE +a secret \(repeatable\)/);
    expect(text).toMatch(/-h, --help +show this help/);
    expect(text).toMatch(/WORD… +words/);
  });

  it('a usage error is one line naming the problem and the help', () => {
    expect(usageErrorLine(demo, 'unknown option "--x"')).toBe('workbench demo: unknown option "--x"; run `workbench demo --help` for the options\n');
  });
});

describe('each command keeps its options', () => {
  it('at', () => {
    expect(parseCommandLine(AT_COMMAND_LINE, ['-p', '/dev/ttyUSB2', '--baud', '9600', '--json', '--timeout-scale', '0.5', '--journal', 'j.jsonl', '--linger', '0', '--await-urc', '5000', 'AT', 'AT+CSQ'])).toEqual({
      kind: 'ok',
      values: { port: '/dev/ttyUSB2', baud: 9600, json: true, 'timeout-scale': 0.5, journal: 'j.jsonl', linger: 0, 'await-urc': 5000 },
      positionals: ['AT', 'AT+CSQ'],
    });
    expect(parseCommandLine(AT_COMMAND_LINE, ['--port', 'virtual', 'AT+QMTPUB=0,0,0,0,"t" <<< x'])).toMatchObject({ positionals: ['AT+QMTPUB=0,0,0,0,"t" <<< x'] });
    expect(parseCommandLine(AT_COMMAND_LINE, ['--baud', '0'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/--baud/) });
    expect(parseCommandLine(AT_COMMAND_LINE, ['--await-urc', '0'])).toMatchObject({ kind: 'error' });
  });

  it('sim', () => {
    expect(parseSimArgs(['--profile', 'LTE-LATER', '--speed', '0', '--echo', 'off', '--max-write', '8', '--direct', '--tls'])).toEqual({ profile: 'LTE-LATER', speed: 0, echo: false, maxWriteSize: 8, tls: true });
    expect(parseSimArgs(['--broker', 'mqtt://h:1883', '--broker-tls', 'mqtts://h:8883'])).toEqual({ brokerUrl: 'mqtt://h:1883', brokerTlsUrl: 'mqtts://h:8883' });
    expect(parseSimArgs(['--coverage'])).toBe('coverage');
    expect(parseSimArgs(['-h'])).toBe('help');
    expect(parseSimArgs(['--max-write', '0'])).toMatch(/--max-write needs a whole number >= 1/);
    expect(parseSimArgs(['--echo', 'maybe'])).toBe('--echo needs on or off');
  });

  it('bringup', () => {
    const a = parseBringupArgs(['--port', 'virtual', '--apn', 'internet', '--client-idx', '2', '--keepalive', '120', '--from', 'open', '--fault', 'sim-missing', '--fault', 'no-network', '--json']);
    expect(a).toMatchObject({ port: 'virtual', faults: ['sim-missing', 'no-network'], json: true, timeoutScale: 1, options: { apn: 'internet', clientIdx: 2, keepalive: 120, fromStep: 'open', server: { host: 'broker.example.net', port: 1883 } } });
    expect(parseBringupArgs(['--port', 'virtual', '--fault', 'meteor'])).toMatch(/unknown fault "meteor"/);
    expect(parseBringupArgs(['--port', 'x', '--server', 'h:1', '--client-idx', '6'])).toMatch(/--client-idx needs a whole number 0–5/);
    expect(parseBringupArgs(['--port', 'x', '--server', 'h:1', '--keepalive', '3601'])).toMatch(/--keepalive needs a whole number 0–3600/);
    expect(parseBringupArgs(['--port', '--json'])).toBe('--port needs a value');
  });

  it('explain, with --command', () => {
    expect(parseExplainArgs(['+QMTCONN: 0,2', '--command', 'AT+QMTCONN?'])).toEqual({ text: '+QMTCONN: 0,2', command: 'AT+QMTCONN?', json: false });
    expect(parseExplainArgs(['--host', 'a1.iot-as-mqtt.cn-shanghai.aliyuncs.com', 'connack', '5'])).toEqual({ text: 'connack 5', host: 'a1.iot-as-mqtt.cn-shanghai.aliyuncs.com', json: false });
    expect(parseExplainArgs(['--command'])).toBe('--command needs a value');
  });

  it('diagram', () => {
    expect(parseDiagramArgs(['s.jsonl'])).toEqual({ journal: 's.jsonl', format: 'mermaid', secrets: [] });
    expect(parseDiagramArgs(['--format=svg', 's.jsonl', '-o', 'out.svg', '--secret', 'a', '--secret', 'b'])).toEqual({ journal: 's.jsonl', format: 'svg', out: 'out.svg', secrets: ['a', 'b'] });
    expect(parseDiagramArgs(['s.jsonl', '--out=x.mmd'])).toMatchObject({ out: 'x.mmd' });
    expect(parseDiagramArgs([])).toBe('missing JOURNAL');
    expect(parseDiagramArgs(['a', 'b'])).toBe('unexpected argument "b"');
    expect(parseDiagramArgs(['a', '--format', 'png'])).toMatch(/unknown format "png"/);
  });

  it('ports', () => {
    expect(parseCommandLine(PORTS_COMMAND_LINE, ['--probe', '--json'])).toEqual({ kind: 'ok', values: { probe: true, json: true }, positionals: [] });
  });
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function workbench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/workbench.js'), ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const tables: CommandSpec[] = [AT_COMMAND_LINE, SIM_COMMAND_LINE, BRINGUP_COMMAND_LINE, EXPLAIN_COMMAND_LINE, DIAGRAM_COMMAND_LINE, PORTS_COMMAND_LINE, FILES_COMMAND_LINE, DIAG_COMMAND_LINE];

describe('workbench <command> --help and usage errors (child process)', { timeout: 60_000 }, () => {
  it.each(tables.map((t) => [t.command, t] as const))('%s --help lists every option and exits 0', async (command, table) => {
    const r = await workbench([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: workbench ${command} `));
    for (const name of [...Object.keys(table.options), 'help']) expect(r.stdout).toContain(`--${name}`);
  });

  it.each(tables.map((t) => [t.command] as const))('%s --no-such-option exits 2 with one line naming it', async (command) => {
    const r = await workbench([command, '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`workbench ${command}: unknown option "--no-such-option"; run \`workbench ${command} --help\` for the options\n`);
  });
});
