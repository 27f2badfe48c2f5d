// The timeline as a static SVG for the html report: signal line over its quality bands, the
// registration / PDP / MQTT lanes, and drop, restart and failure markers with their labels as
// tooltips. Pure string building (no DOM, no chart library), sized for a report page.
import { translator, type Lang } from '../i18n';
import { explain } from '../protocol/codes';
import { localizeExplanation } from '../protocol/localize';
import { signalAt, type Marker, type Span, type Timeline } from './model';

const W = 960;
const LEFT = 96;
const RIGHT = 16;
const SIG_H = 120;
const LANE_H = 18;

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => (/[<>&"']/.test(s) ? s.replace(/[<>&"']/g, (c) => ENTITIES[c] ?? c) : s);
const f1 = (n: number): string => (Math.round(n * 10) / 10).toString();

const COLORS: Record<string, string> = {
  registered: '#2e9d5b', searching: '#e0a526', denied: '#d0453a', 'not registered': '#9aa0a6', unknown: '#c9cdd2',
  active: '#2e9d5b', inactive: '#c9cdd2', connected: '#2e9d5b', open: '#6aa7e0', closed: '#c9cdd2',
};
const MARK: Record<Marker['kind'], string> = { drop: '#d0453a', reboot: '#8a3fd1', failure: '#b86b00' };

const DAY_MS = 86_400_000;
const YEAR_10000 = 253_402_300_800_000;
const two = (n: number): string => (n < 10 ? '0' : '') + n;

/** 'HH:MM:SS' UTC, as new Date(ms).toISOString().slice(11, 19) gives it, without a Date per call (a long session's lanes have many spans). */
export function hms(ms: number): string {
  // Before 1970 or from the year 10000 on (a six-digit year moves the slice): the Date's way.
  if (!(ms >= 0 && ms < YEAR_10000)) return new Date(ms).toISOString().slice(11, 19);
  const s = Math.floor((Math.floor(ms) % DAY_MS) / 1000);
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** Downsamples a line to at most ~2 points per pixel column (min and max), keeping its shape. */
function polyline(xs: number[], ys: (number | null)[], x: (t: number) => number, y: (v: number) => number): string[] {
  const paths: string[] = [];
  let cur: string[] = [];
  let col = -1;
  let lo = Infinity;
  let hi = -Infinity;
  const flush = () => {
    if (col < 0) return;
    cur.push(`${col},${f1(y(hi))}`);
    if (lo !== hi) cur.push(`${col},${f1(y(lo))}`);
  };
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i];
    if (v === null || v === undefined) {
      flush();
      col = -1;
      if (cur.length > 1) paths.push(cur.join(' '));
      cur = [];
      continue;
    }
    const c = Math.round(x(xs[i]!));
    if (c !== col) {
      flush();
      col = c;
      lo = hi = v;
    } else {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  flush();
  if (cur.length > 0) paths.push(cur.join(' '));
  return paths;
}

/** The chart's words: English as it always was, or another language's (`lang`). */
function chartWords(lang: Lang): { registration: string; chart: string; signal: string; noService: string; state: (s: string) => string } {
  if (lang === 'en') return { registration: 'Registration', chart: 'Session timeline', signal: 'Signal dBm', noService: 'no service', state: (st) => st };
  const t = translator(lang);
  const states: Record<string, string> = {
    registered: t('report.tlRegistered'), searching: t('report.tlSearching'), denied: t('report.tlDenied'), 'not registered': t('report.tlNotRegistered'), unknown: t('report.tlUnknown'),
    active: t('report.tlActive'), inactive: t('report.tlInactive'), connected: t('report.tlConnected'), open: t('report.tlOpen'), closed: t('report.tlClosed'),
  };
  return { registration: t('report.tlRegistration'), chart: t('report.tlChart'), signal: t('report.tlSignal'), noService: t('report.tlNoService'), state: (st) => states[st] ?? st };
}

export function timelineSvg(tl: Timeline, lang: Lang = 'en'): string {
  const w = chartWords(lang);
  const lanes: Array<{ label: string; spans: readonly Span[] }> = [
    { label: w.registration, spans: tl.registration },
    { label: 'PDP', spans: tl.pdp },
    ...Object.entries(tl.clients).map(([k, spans]) => ({ label: `MQTT ${k}`, spans })),
  ];
  const laneTop = SIG_H + 28;
  const H = laneTop + lanes.length * LANE_H + 28;
  const span = Math.max(1, tl.end - tl.start);
  const x = (t: number): number => LEFT + ((t - tl.start) / span) * (W - LEFT - RIGHT);
  const y = (dbm: number): number => 8 + ((-40 - Math.max(-125, Math.min(-40, dbm))) / 85) * (SIG_H - 8);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(w.chart)}" data-testid="report-timeline-svg">`);
  // Quality bands of the signal (shared/protocol/signal.ts qualityOf).
  for (const [a, b, c] of [[-40, -70, '#e6f4ea'], [-70, -85, '#eef6e0'], [-85, -100, '#fcf3dc'], [-100, -125, '#fbe3e1']] as const) {
    out.push(`<rect x="${LEFT}" y="${f1(y(a))}" width="${W - LEFT - RIGHT}" height="${f1(y(b) - y(a))}" fill="${c}"/>`);
  }
  for (const v of [-50, -70, -85, -100, -120]) out.push(`<text x="${LEFT - 6}" y="${f1(y(v) + 4)}" text-anchor="end" fill="#555">${v}</text>`);
  out.push(`<text x="8" y="${SIG_H / 2}" fill="#333">${esc(w.signal)}</text>`);
  const s = tl.signal;
  for (const [ys, color] of [[s.rssi, '#2f6fd0'], [s.rsrp, '#8a3fd1']] as const) {
    for (const p of polyline(s.t, ys, x, y)) out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${p}"/>`);
  }
  for (let i = 0; i < s.t.length; i++) if (s.none[i]) out.push(`<rect x="${f1(x(s.t[i]!) - 1.5)}" y="${SIG_H - 6}" width="3" height="6" fill="#d0453a"><title>${hms(s.t[i]!)} ${esc(w.noService)}</title></rect>`);
  lanes.forEach((lane, i) => {
    const top = laneTop + i * LANE_H;
    const label = esc(lane.label);
    out.push(`<text x="${LEFT - 6}" y="${top + 12}" text-anchor="end" fill="#333">${label}</text>`);
    for (const sp of lane.spans) {
      const x0 = x(sp.from);
      out.push(`<rect x="${f1(x0)}" y="${top + 2}" width="${f1(Math.max(1, x(sp.to) - x0))}" height="${LANE_H - 4}" fill="${COLORS[sp.state] ?? '#c9cdd2'}"><title>${label}: ${esc(w.state(sp.state))} ${hms(sp.from)}–${hms(sp.to)}</title></rect>`);
    }
  });
  for (const m of tl.markers) {
    const mx = f1(x(m.t));
    const tip = `${hms(m.t)} ${m.label}${m.explanation ? ` — ${m.explanation}` : ''}`;
    out.push(`<g data-kind="${m.kind}"><line x1="${mx}" x2="${mx}" y1="4" y2="${laneTop + lanes.length * LANE_H}" stroke="${MARK[m.kind]}" stroke-width="1" stroke-dasharray="3,2"/><path d="M${mx},${SIG_H + 10} l-5,-8 h10 z" fill="${MARK[m.kind]}"/><title>${esc(tip)}</title></g>`);
  }
  const axisY = laneTop + lanes.length * LANE_H + 14;
  for (let k = 0; k <= 6; k++) {
    const t = tl.start + (span * k) / 6;
    out.push(`<text x="${f1(x(t))}" y="${axisY}" text-anchor="${k === 0 ? 'start' : k === 6 ? 'end' : 'middle'}" fill="#555">${hms(t)}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

/** One line per link drop: time (UTC), the line, its meaning and the signal then; `lang` words them. */
export function dropLines(tl: Timeline, lang: Lang = 'en'): string[] {
  const drops = tl.markers.filter((m) => m.kind === 'drop');
  if (lang !== 'en') return drops.map((m) => dropLineIn(tl, m, lang));
  return drops.map((m) => {
    const sig = signalAt(tl.signal, m.t);
    const signal = sig.at === undefined ? 'no signal reading before it' : sig.none ? `no service (read ${hms(sig.at)})` : `signal ${sig.dbm} dBm (read ${hms(sig.at)})`;
    return `${hms(m.t)} UTC  ${m.label}${m.explanation ? ` — ${m.explanation.replace(/\.$/, '')}` : ''}; ${signal}`;
  });
}

/** A drop's line in another language: its meaning from the catalogue again (the marker keeps the English). */
function dropLineIn(tl: Timeline, m: Marker, lang: Lang): string {
  const t = translator(lang);
  const sig = signalAt(tl.signal, m.t);
  const signal = sig.at === undefined ? t('report.dropNoReading') : sig.none ? t('report.dropNoService', { at: hms(sig.at) }) : t('report.dropSignal', { dbm: sig.dbm ?? '?', at: hms(sig.at) });
  const ex = m.explanation ? explain(m.label) : undefined;
  const meaning = (ex ? localizeExplanation(ex, lang).meaning : (m.explanation ?? '')).replace(/[.。]$/, '');
  return t('report.dropLine', { time: hms(m.t), line: m.label, meaning, hasMeaning: meaning ? 'yes' : 'no', signal });
}

/**
 * The text export's closing section: every link drop with its time and the signal then, or ''
 * when the session had none (the capture's rows are left as they were).
 */
export function dropSection(tl: Timeline, lang: Lang = 'en'): string {
  const lines = dropLines(tl, lang);
  if (lines.length === 0) return '';
  const head = lang === 'en' ? `Link drops (${lines.length}), times in UTC, each with the last signal reading before it:` : translator(lang)('report.dropHeader', { count: lines.length });
  return `\n${head}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
