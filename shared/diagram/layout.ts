// The sequence diagram as data: one group per exchange, in the shape of docs/protocol.md §2.0 —
// three lanes (Host, Modem, MQTT server); the AT lines solid (observed), the TCP/MQTT packets
// the exchange implies dashed (implied); failures carry their explanation. Pure and shared: the
// on-screen view draws the groups, svg.ts and mermaid.ts serialise them for the exports, the
// virtualiser reads the heights. Marked secrets are masked in every label.
import type { Exchange, LineKind, Direction, SecretRange } from '../model';
import type { SessionModel } from '../exchanges';
import { maskSecrets } from '../mask';
import type { DiagramWords } from './words';

export type Lane = 'host' | 'modem' | 'server' | 'laptop';
/** The three lanes of a session without a laptop probe (the drawings of older sessions stay as they were). */
export const LANES: readonly Lane[] = ['host', 'modem', 'server'];
/** With a laptop probe: a fourth lane, "Laptop", right of the server it tried. */
export const LANES_WITH_LAPTOP: readonly Lane[] = ['host', 'modem', 'server', 'laptop'];
/** Lane heads in the drawings, in English (shared/diagram/words.ts laneWords in a language). */
export const LANE_TITLES: Record<Lane, string> = { host: 'Host (this app)', modem: 'Modem', server: 'MQTT server', laptop: 'Laptop' };
/** Lane names as Mermaid participants (one word each). */
export const LANE_IDS: Record<Lane, string> = { host: 'Host', modem: 'Modem', server: 'Server', laptop: 'Laptop' };

/** The lanes a drawing of these groups needs: the fourth only when a laptop probe is among them. */
export function lanesOf(groups: readonly DiagramGroup[]): readonly Lane[] {
  return groups.some((g) => g.arrows.some((a) => a.from === 'laptop' || a.to === 'laptop')) ? LANES_WITH_LAPTOP : LANES;
}

export interface DiagramArrow {
  from: Lane;
  to: Lane;
  style: 'observed' | 'implied';
  failed: boolean;
  uncertain: boolean;
  label: string;
  /** The log row the arrow stands for (observed arrows only). */
  entry?: number;
  /** Time since the command was sent, on the line that completed it. */
  took?: string;
  /** Position of the arrow's top in the group, px. */
  y: number;
}

export interface DiagramGroup {
  exchangeId: number;
  title: string;
  failed: boolean;
  pending: boolean;
  arrows: DiagramArrow[];
  /** What went wrong and what to try, for failed exchanges. */
  note?: { title: string; nextStep: string; y: number };
  /** Every log row of the exchange. */
  entries: number[];
  height: number;
}

/** What the layout needs of a log row. */
export interface EntryView {
  text: string;
  kind: LineKind;
  dir: Direction;
  mono: number;
  /** Secret parts of `text`: drawn masked. */
  secret?: readonly SecretRange[];
}

export const METRICS = { header: 24, arrow: 26, note: 44, pad: 10 } as const;

/** 850 → '850 ms', 1234 → '1.2 s', 2600 → '2.6 s', 180000 → '180 s'. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 100 ? `${Number(s.toFixed(1))} s` : `${Math.round(s)} s`;
}

export function isFailed(x: Exchange): boolean {
  return x.outcome !== 'ok' && x.outcome !== 'pending';
}

function title(x: Exchange, command: string, t0: number, words: DiagramWords | undefined): string {
  const at = `t=${formatMs(Math.max(0, x.startedMono - t0))}`;
  if (words) return words.title(x, at, command, x.endedMono !== undefined ? formatMs(x.endedMono - x.startedMono) : undefined);
  if (x.kind === 'power-up') return `${at} · power-up`;
  if (x.kind === 'urc') return `${at} · unsolicited ${command}`;
  const took = x.endedMono !== undefined ? ` · took ${formatMs(x.endedMono - x.startedMono)}` : '';
  return `${at} · ${command} · ${x.outcome}${took}`;
}

/** A label cut to `max` characters, ending in '…'. */
export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * One exchange → its group. `entry` reads a log row; `t0` is the session's first mono time;
 * `words` words the titles, packets and notes in another language (shared/diagram/words.ts).
 */
export function layoutExchange(x: Exchange, entry: (index: number) => EntryView | undefined, t0: number, maxLabel = 90, words?: DiagramWords): DiagramGroup {
  const failed = isFailed(x);
  const lines = x.entries
    .map((i) => ({ i, e: entry(i) }))
    .filter((r): r is { i: number; e: EntryView } => r.e !== undefined && r.e.kind !== 'echo');
  // The result URC comes after the packets that caused it; everything before it (command, OK) first.
  const resultAt = x.resultEntry === undefined ? -1 : lines.findIndex((r) => r.i === x.resultEntry);
  const split = resultAt < 0 ? lines.length : resultAt;
  // The exchange's command is the text of its first line: masked with that line's marks. Until
  // the line has arrived its marks are unknown, so only the command's name is shown.
  const commandLine = lines.find((r) => r.e.text === x.command);
  // A laptop probe has no line and no secret in its title: shown whole.
  const command = x.kind === 'laptop' ? x.command : commandLine ? maskSecrets(x.command, commandLine.e.secret) : x.command.replace(/([=:]).*$/s, '$1…');
  const arrows: DiagramArrow[] = [];
  let y = METRICS.header;
  const observed = ({ i, e }: { i: number; e: EntryView }) => {
    const host = e.dir === 'tx';
    const took = i === x.resultEntry && x.kind !== 'urc' && x.kind !== 'power-up' ? formatMs(e.mono - x.startedMono) : undefined;
    arrows.push({ from: host ? 'host' : 'modem', to: host ? 'modem' : 'host', style: 'observed', failed: false, uncertain: false, label: clip(maskSecrets(e.text, e.secret), maxLabel), entry: i, ...(took ? { took } : {}), y });
    y += METRICS.arrow;
  };
  lines.slice(0, split).forEach(observed);
  // A laptop probe's packets go between the laptop and the server; every other exchange's between the modem and the server.
  const peer: Lane = x.kind === 'laptop' ? 'laptop' : 'modem';
  for (const p of x.implied) {
    const fromPeer = p.from !== 'server';
    const label = words ? words.implied(p) : `${p.name}${p.detail ? ` (${p.detail})` : ''}${p.uncertain ? ' ?' : ''}`;
    arrows.push({ from: fromPeer ? peer : 'server', to: fromPeer ? 'server' : peer, style: 'implied', failed: p.failed === true, uncertain: p.uncertain === true, label: clip(label, maxLabel), y });
    y += METRICS.arrow;
  }
  lines.slice(split).forEach(observed);
  // A result line that matches a failure is drawn red too: it is where the failure shows.
  if (failed && x.resultEntry !== undefined) for (const a of arrows) if (a.entry === x.resultEntry) a.failed = true;
  let note: DiagramGroup['note'];
  if (failed) {
    const p = x.problem;
    note = words ? { ...words.note(x, x.result ?? command), y } : { title: `${x.outcome}: ${p ? p.title : (x.result ?? command)}`, nextStep: p?.nextStep ?? '', y };
    y += METRICS.note;
  }
  return { exchangeId: x.id, title: title(x, command, t0, words), failed, pending: x.outcome === 'pending', arrows, ...(note ? { note } : {}), entries: x.entries, height: y + METRICS.pad };
}

const LANE_AT: Record<3 | 4, Partial<Record<Lane, number>>> = {
  3: { host: 0.14, modem: 0.5, server: 0.86 },
  4: { host: 0.1, modem: 0.37, server: 0.64, laptop: 0.9 },
};

/** Horizontal position of a lane in a drawing `width` wide with these `lanes` (default the three). */
export function laneX(lane: Lane, width: number, lanes: readonly Lane[] = LANES): number {
  const at = LANE_AT[lanes.length === 4 || lane === 'laptop' ? 4 : 3];
  return Math.round(width * (at[lane] ?? 0.9));
}

/** Approximate advance of one character at the diagram's 11 px monospace font. */
export const CHAR_PX = 6.7;

/** A label cut to fit `span` px (ending in '…'); the full text goes in a tooltip. */
export function fitLabel(label: string, span: number): string {
  return clip(label, Math.max(4, Math.floor((span - 12) / CHAR_PX)));
}

/**
 * What an arrow shows, the same on screen and in the SVG: `full` (failure mark and label, for
 * the tooltip), `text` fitted between its two lanes beside the time it took, and `took`.
 */
export function arrowText(a: DiagramArrow, width: number, lanes: readonly Lane[] = LANES): { full: string; text: string; took: string } {
  const full = `${a.failed ? '✗ ' : ''}${a.label}`;
  const took = a.took ? `  (+${a.took})` : '';
  const span = Math.abs(laneX(a.to, width, lanes) - laneX(a.from, width, lanes)) - (a.took ? (a.took.length + 5) * CHAR_PX : 0);
  return { full, text: fitLabel(full, span), took };
}

/** A whole session (or the chosen exchanges of it) as groups, for the exports; `words` for another language. */
export function layoutSession(model: SessionModel, words?: DiagramWords): DiagramGroup[] {
  const t0 = model.entries[0]?.mono ?? model.exchanges[0]?.startedMono ?? 0;
  const entry = (i: number): EntryView | undefined => model.entries[i];
  return model.exchanges.map((x) => layoutExchange(x, entry, t0, 90, words));
}
