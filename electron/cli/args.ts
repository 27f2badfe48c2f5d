// The one argument parser of the `workbench` commands. Each command declares its options and
// positional arguments once; from that table come the parsing (on node:util parseArgs), the
// `--help` text and the usage errors, so every command behaves the same way:
//   --help / -h        usage with every option described, exit 0
//   a usage mistake    one line naming the option, plus where to find the help, exit 2
import { parseArgs } from 'node:util';
import { cliT } from './lang';

export interface OptionSpec {
  /** 'number' values are checked (finite, and the bounds below) and returned as numbers. */
  type: 'string' | 'boolean' | 'number';
  /** One-letter alias, without the dash. */
  short?: string;
  /** The option may be given more than once; its values come back as an array. */
  multiple?: boolean;
  /** Name of the value in the help, e.g. PATH (string and number options). */
  value?: string;
  help: string;
  /** Number options: whole numbers only. */
  integer?: boolean;
  /** Number options: smallest value allowed. */
  min?: number;
  /** Number options: the value must be greater than this. */
  above?: number;
  /** Number options: largest value allowed. */
  max?: number;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** The command word: `workbench <command>`. */
  command: string;
  /** What follows `workbench <command>` in the usage line, e.g. '--port PATH [options] [COMMAND…]'. */
  synopsis: string;
  /** One or more lines under the usage line. */
  description: string;
  options: O;
  /** Positional arguments, described in the help; without it, a positional argument is a usage error. */
  positionals?: { name: string; help: string };
  /** Free text after the options (examples, exit codes). */
  notes?: string;
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : S['type'] extends 'number' ? number : string;

/** The parsed options: absent when not given; arrays for repeatable options. */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]['multiple'] extends true ? Array<ValueOf<O[K]>> : ValueOf<O[K]>;
};

export type ParsedCommandLine<O extends Record<string, OptionSpec>> =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; values: OptionValues<O>; positionals: string[] };

// Read when used, in the language --lang chose.
const helpOption = (): OptionSpec => ({ type: 'boolean', short: 'h', help: cliT()('cli.helpOption') });
/** Taken by electron/cli/lang.ts before a command parses; listed in every command's help. */
const langOption = (): OptionSpec => ({ type: 'string', value: 'en|zh-CN', help: cliT()('cli.langOption') });

/** A word that reads as a negative number ("-1", "-0.5"): a value or positional, never an option. */
const NEGATIVE_NUMBER = /^-\d/;

function flag(name: string): string {
  return `--${name}`;
}

/** Why a number option's value is refused, or undefined when it is fine. */
function numberProblem(name: string, o: OptionSpec, raw: string): string | undefined {
  const n = Number(raw);
  const bad = raw.trim() === '' || !Number.isFinite(n) || (o.integer && !Number.isInteger(n)) || (o.min !== undefined && n < o.min) || (o.above !== undefined && n <= o.above) || (o.max !== undefined && n > o.max);
  if (!bad) return undefined;
  const range =
    o.min !== undefined && o.max !== undefined ? ` ${o.min}–${o.max}`
    : o.above !== undefined ? ` > ${o.above}`
    : o.min !== undefined ? ` >= ${o.min}`
    : o.max !== undefined ? ` <= ${o.max}`
    : '';
  return cliT()('cli.needsNumber', { flag: flag(name), integer: o.integer ? 'yes' : 'no', range, raw });
}

/**
 * Parses `args` against the command's table. Pure: prints nothing. `--help` anywhere wins over
 * any mistake elsewhere on the line.
 */
export function parseCommandLine<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, args: readonly string[]): ParsedCommandLine<O> {
  const table: Record<string, OptionSpec> = { ...spec.options, help: helpOption() };
  // parseArgs reads numbers as strings; strict off so that every mistake comes back as a token
  // we can name in our own words instead of node's.
  const config = Object.fromEntries(
    Object.entries(table).map(([name, o]) => [name, { type: o.type === 'boolean' ? ('boolean' as const) : ('string' as const), ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { kind: 'help' };

  const shorts = new Set(Object.values(table).flatMap((o) => (o.short ? [`-${o.short}`] : [])));
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const seenIndex = new Set<number>();
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    const raw = args[t.index] ?? t.rawName;
    const o = table[t.name];
    // '-1' is read by parseArgs as the short option "1" (or a group): it is a word of text.
    if (!o && NEGATIVE_NUMBER.test(raw) && spec.positionals) {
      if (!seenIndex.has(t.index)) positionals.push(raw);
      seenIndex.add(t.index);
      continue;
    }
    if (!o) return { kind: 'error', message: cliT()('cli.unknownOption', { name: raw.startsWith('--') ? raw.split('=')[0] : t.rawName }) };
    const name = t.name;
    if (o.type === 'boolean') {
      if (t.inlineValue) return { kind: 'error', message: cliT()('cli.takesNoValue', { flag: flag(name) }) };
      values[name] = true;
      continue;
    }
    const v = t.value;
    // parseArgs (non-strict) takes the next word whatever it is: a following option is a missing
    // value. Other words that start with '-' are values ("--password -x9"), as they always were.
    if (v === undefined || v === '' || (!t.inlineValue && (v.startsWith('--') || shorts.has(v)))) {
      return { kind: 'error', message: cliT()('cli.needsValue', { flag: flag(name) }) };
    }
    let value: string | number = v;
    if (o.type === 'number') {
      const problem = numberProblem(name, o, v);
      if (problem) return { kind: 'error', message: problem };
      value = Number(v);
    }
    if (o.multiple) ((values[name] ??= []) as unknown[]).push(value);
    else values[name] = value;
  }
  if (positionals.length > 0 && !spec.positionals) return { kind: 'error', message: cliT()('cli.unexpectedArgument', { value: positionals[0] }) };
  return { kind: 'ok', values: values as OptionValues<O>, positionals };
}

/** The `--help` text: usage line, description, positional argument, every option, notes. */
export function helpText(spec: CommandSpec): string {
  const t = cliT();
  const rows = Object.entries({ ...spec.options, lang: langOption(), help: helpOption() }).map(([name, o]) => {
    const head = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type !== 'boolean' ? ` ${o.value ?? (o.type === 'number' ? 'N' : 'VALUE')}` : ''}`;
    const help = o.multiple ? t('cli.repeatable', { help: o.help }) : o.help;
    return { head, help };
  });
  const width = Math.max(...rows.map((r) => r.head.length)) + 2;
  const lines = [t('cli.usageOf', { command: spec.command, synopsis: spec.synopsis }), '', spec.description.trimEnd(), ''];
  if (spec.positionals) lines.push(t('cli.arguments'), `  ${spec.positionals.name.padEnd(width)}  ${spec.positionals.help}`, '');
  lines.push(t('cli.options'));
  const pad = ' '.repeat(width + 4);
  for (const r of rows) {
    const [first = '', ...rest] = r.help.split('\n');
    lines.push(`  ${r.head.padEnd(width)}  ${first}`, ...rest.map((l) => pad + l));
  }
  if (spec.notes) lines.push('', spec.notes.trimEnd());
  return lines.join('\n') + '\n';
}

/** The one line a usage mistake prints: the problem, and where the help is. */
export function usageErrorLine(spec: Pick<CommandSpec, 'command'>, message: string): string {
  return `${cliT()('cli.usageError', { command: spec.command, message })}\n`;
}

export interface CliOutput {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Prints a usage mistake on stderr; returns the exit code 2. */
export function reportUsageError(spec: Pick<CommandSpec, 'command'>, message: string, io: CliOutput = process): number {
  io.stderr.write(usageErrorLine(spec, message));
  return 2;
}

/**
 * Parses, and handles the two endings every command shares: `--help` (printed, exit 0) and a
 * usage mistake (one line on stderr, exit 2). Returns the parsed line, or the exit code.
 */
export function readCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  args: readonly string[],
  io: CliOutput = process,
): { values: OptionValues<O>; positionals: string[] } | number {
  const parsed = parseCommandLine(spec, args);
  if (parsed.kind === 'help') {
    io.stdout.write(helpText(spec));
    return 0;
  }
  if (parsed.kind === 'error') return reportUsageError(spec, parsed.message, io);
  return { values: parsed.values, positionals: parsed.positionals };
}
