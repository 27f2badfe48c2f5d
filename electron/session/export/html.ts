// The html report: one self-contained file a support engineer opens in any browser, offline.
// Summary first (ten seconds to read: the modem, the network, the MQTT clients, the first failure
// and its next step), then the sequence diagram, the full log (filterable in the page), the
// environment and what was redacted. Inline CSS and one small inline script, allowed by hash in a
// strict Content-Security-Policy: the page loads nothing and sends nothing.
import crypto from 'node:crypto';
import type { LogEntry, SerialSettings } from '../../../shared/model';
import { explainAsProblem, type SessionModel } from '../../../shared/exchanges';
import { translator, type Lang, type Translate } from '../../../shared/i18n';
import { localizeProblem } from '../../../shared/protocol/localize';
import type { SessionSummary, SummaryReadings } from './summary';
import { registrationWords, signalWords } from '../../../shared/i18n/status-words';

export interface HtmlReportInput {
  summary: SessionSummary;
  /** The whole redacted model (row meanings read their exchange's command from it). */
  model: SessionModel;
  /** The rows to list. */
  rows: readonly LogEntry[];
  /** The redacted sequence diagram (shared SVG). */
  diagramSvg: string;
  diagramNote: string | undefined;
  /** The session over time (shared/timeline/svg.ts) and one line per link drop, with the signal then. */
  timeline?: { svg: string; drops: string[] };
  /** What the journal says about where it was recorded. */
  recorded: { app?: string; appVersion?: string; port?: { path: string; settings?: Partial<SerialSettings> } };
  /** The exporting program and machine. */
  environment: { app?: string; appVersion?: string; os?: string; source?: string; firmwareProfile?: string };
  range: string;
  redactions: Record<string, number>;
  maskIds: boolean;
  exportedAt: string;
  /** The report's language (default English). */
  lang?: Lang;
  onRows?: (done: number, total: number) => void;
}

/** Characters escapeHtml changes: most log lines hold none and are returned as they are. */
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f<>&"']/;
const ESCAPED = new RegExp(NEEDS_ESCAPE.source, 'g');

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };

/** Markup characters as entities, other control characters (but tab, line feed, carriage return) as spaces. */
export function escapeHtml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPED, (c) => ENTITIES[c] ?? ' ');
}

const KIND_LABELS: Record<string, string> = { command: 'command', echo: 'echo', response: 'response', final: 'final', urc: 'URC', prompt: 'prompt', raw: 'raw' };

/** The log kinds' labels in a language. */
function kindLabels(lang: Lang): Record<string, string> {
  if (lang === 'en') return KIND_LABELS;
  const t = translator(lang);
  return Object.fromEntries(Object.keys(KIND_LABELS).map((k) => [k, t(`report.kind_${k}`)]));
}

/** Filters the log rows by text and kind; rows carry data-kind and their text. */
const SCRIPT = `(function () {
  var q = document.getElementById('log-search');
  var k = document.getElementById('log-kind');
  var body = document.getElementById('log-body');
  var count = document.getElementById('log-count');
  var rows = body.rows;
  var texts = null;
  var timer = 0;
  function apply() {
    if (!texts) { texts = []; for (var i = 0; i < rows.length; i++) texts.push(rows[i].textContent.toLowerCase()); }
    var t = q.value.trim().toLowerCase();
    var kind = k.value;
    var shown = 0;
    for (var j = 0; j < rows.length; j++) {
      var ok = (!kind || rows[j].getAttribute('data-kind') === kind) && (!t || texts[j].indexOf(t) >= 0);
      rows[j].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' rows';
  }
  function later() { clearTimeout(timer); timer = setTimeout(apply, rows.length > 20000 ? 250 : 0); }
  q.addEventListener('input', later);
  k.addEventListener('change', apply);
  count.textContent = rows.length + ' rows';
})();`;

const SCRIPT_HASH = crypto.createHash('sha256').update(SCRIPT).digest('base64');

/** Nothing may load: no network, no frames, no forms; only the inline style and this script run. */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

/** The filter script with its row count in `lang` (the English one as it always was). */
function scriptFor(lang: Lang): string {
  if (lang === 'en') return SCRIPT;
  const t = translator(lang);
  return SCRIPT.replace("' of '", JSON.stringify(t('report.rowsShown'))).replaceAll("' rows'", JSON.stringify(t('report.rows')));
}

function cspFor(lang: Lang): string {
  if (lang === 'en') return REPORT_CSP;
  return REPORT_CSP.replace(SCRIPT_HASH, crypto.createHash('sha256').update(scriptFor(lang)).digest('base64'));
}

// Chinese text needs a CJK font: the platform's own (no remote fonts, the report is offline).
const CJK_SANS = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const CJK_MONO = "ui-monospace, Menlo, Consolas, 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', monospace";

function styleFor(lang: Lang): string {
  if (lang === 'en') return STYLE;
  return STYLE.replace('system-ui, sans-serif', CJK_SANS).replace('ui-monospace, Menlo, Consolas, monospace', CJK_MONO);
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d2330; margin: 0 auto; max-width: 1200px; padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d6dbe4; }
.muted { color: #5a6b8c; }
.failure { border-left: 4px solid #c62828; background: #fdecec; padding: 8px 12px; margin: 12px 0; }
.failure.none { border-color: #2e7d32; background: #eaf5eb; }
.failure .title { font-weight: 600; font-size: 15px; margin: 0; }
.failure p { margin: 4px 0; } .next { font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: #5a6b8c; } dl.facts dd { margin: 0; }
code, .mono, td.text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2px 8px; vertical-align: top; border-bottom: 1px solid #eef2f8; }
th { background: #eef2f8; position: sticky; top: 0; }
td.text { white-space: pre-wrap; word-break: break-all; }
tr.rx td.dir { color: #5a6b8c; } tr.failed td { background: #fdecec; }
.filters { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.diagram { overflow-x: auto; border: 1px solid #d6dbe4; padding: 4px; }
`;

const row = (t: Translate, label: string, value: string | undefined, testId?: string) =>
  `<dt>${escapeHtml(label)}</dt><dd${testId ? ` data-testid="${testId}"` : ''}>${value === undefined ? `<span class="muted">${t('report.notInSession')}</span>` : escapeHtml(value)}</dd>`;

/** The part exported, as the export describes it in English, in the report's language. */
function rangeWords(range: string, t: Translate): string {
  if (range === 'whole session') return t('report.wholeSession');
  const time = /^from (.+) to (.+) of the session$/.exec(range);
  if (time) return t('report.timeRange', { from: time[1] === 'the start' ? t('report.theStart') : time[1], to: time[2] === 'the end' ? t('report.theEnd') : time[2] });
  const ids = /^exchanges (.+)$/.exec(range);
  return ids ? t('report.exchangeRange', { ids: ids[1] }) : range;
}

const clock = (wall: number) => new Date(wall).toISOString().replace('T', ' ').replace('Z', ' UTC');

/** '(empty) (IPv4)': the APN's kind as AT+QICSGP numbers it. */
const apnKind = (type: string | undefined): string | undefined => ({ '1': 'IPv4', '2': 'IPv6', '3': 'IPv4v6' })[type ?? ''];

/** 'cid 1 active 10.0.0.7; cid 2 inactive', or that no context is active. */
function pdpWords(contexts: NonNullable<SummaryReadings['pdp']>, t: Translate): string {
  if (contexts.length === 0) return t('report.pdpNone');
  return contexts.map((p) => t('report.pdpContext', { cid: p.cid, active: p.active ? 'yes' : 'no', addresses: [p.ip, p.ipv6].filter(Boolean).map((a) => ` ${a}`).join('') })).join('; ');
}

function summaryHtml(s: SessionSummary, input: Pick<HtmlReportInput, 'range' | 'redactions' | 'maskIds'>, t: Translate, lang: Lang): string {
  const f = s.firstFailure;
  // The readings worded in the report's language (English: the summary's own strings, unchanged).
  const r = lang === 'en' ? undefined : s.said;
  const p = f ? localizeProblem(f.problem ?? { code: '', title: f.title, detail: f.detail, nextStep: f.nextStep }, lang) : undefined;
  const failure = f && p
    ? `<div class="failure" data-testid="report-first-failure"><p class="muted">${t('report.firstFailureAt', { time: escapeHtml(clock(f.wall)), id: f.exchangeId })}</p>
<p class="title" data-testid="report-failure-title">${escapeHtml(p.title)}</p>
<p><code>${escapeHtml(f.command)}</code>${f.line ? ` → <code>${escapeHtml(f.line)}</code>` : ''}</p>
<p>${escapeHtml(p.detail)}</p>
<p class="next" data-testid="report-next-step">${t('report.nextStep', { next: escapeHtml(p.nextStep) })}</p></div>`
    : `<div class="failure none" data-testid="report-first-failure"><p class="title">${input.range === 'whole session' ? t('report.noFailureSession') : t('report.noFailurePart')}</p></div>`;
  const facts = [
    row(t, t('report.modem'), [s.manufacturer, s.model].filter(Boolean).join(' ') || undefined, 'report-modem'),
    row(t, t('report.firmware'), s.firmware, 'report-firmware'),
    row(t, 'IMEI', s.imei, 'report-imei'),
    ...(s.imsi ? [row(t, 'IMSI', s.imsi)] : []),
    ...(s.iccid ? [row(t, 'ICCID', s.iccid)] : []),
    row(t, 'SIM', r?.simProblem && s.sim !== undefined ? localizeProblem(r.simProblem, lang).title : s.sim, 'report-sim'),
    row(t, t('report.signal'), r?.signal ? t('report.signalValue', { signal: signalWords(r.signal, t), rssi: r.signal.rssi, ber: r.signal.ber }) : s.signal, 'report-signal'),
    row(t, t('report.registration'), r?.registration ? t('report.registrationValue', { registration: registrationWords(r.registration.state, t, r.registration.tech), command: r.registration.command }) : s.registration, 'report-registration'),
    row(t, t('report.operator'), s.operator, 'report-operator'),
    row(t, 'APN', r?.apnEmpty ? t('report.apnEmpty', { type: apnKind(r.apnEmpty.type) ?? 'none' }) : s.apn, 'report-apn'),
    row(t, t('report.pdp'), r?.pdp ? pdpWords(r.pdp, t) : s.pdp, 'report-pdp'),
  ].join('\n');
  const clients = s.clients.length
    ? `<table data-testid="report-clients"><thead><tr><th>${t('report.client')}</th><th>${t('report.server')}</th><th>${t('report.clientId')}</th><th>${t('report.user')}</th><th>${t('report.options')}</th><th>${t('report.open')}</th><th>${t('report.connect')}</th></tr></thead><tbody>
${s.clients
  .map(
    (c) =>
      `<tr><td>${c.client}</td><td class="mono">${escapeHtml(c.server ?? '—')}</td><td class="mono">${escapeHtml(c.clientId ?? '—')}</td><td class="mono">${escapeHtml(c.user ?? '—')}</td><td class="mono">${
        Object.entries(c.options)
          .map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`)
          .join('<br>') || '—'
      }</td><td class="mono">${escapeHtml(c.openResult ?? '—')}</td><td class="mono">${escapeHtml(c.connectResult ?? '—')}</td></tr>`,
  )
  .join('\n')}</tbody></table>`
    : `<p class="muted">${t('report.noClients')}</p>`;
  const span = s.startedWall !== undefined && s.endedWall !== undefined ? `${clock(s.startedWall)} – ${clock(s.endedWall)}, ` : '';
  return `<section id="summary" data-testid="report-summary"><h2>${t('report.summary')}</h2>
${failure}
<dl class="facts">${facts}</dl>
<h3>${t('report.mqttClients')}</h3>
${clients}
<p class="muted">${escapeHtml(span)}${t('report.counts', { rows: s.rows, exchanges: s.exchanges, range: escapeHtml(rangeWords(input.range, t)) })}</p>
${redactionHtml(input.redactions, input.maskIds, t)}
</section>`;
}

/** What a redaction hid (export/index.ts classifyInto's kinds), in the report's language. */
function redactionKind(kind: string, t: Translate): string {
  switch (kind) {
    case 'device identity (IMEI/IMSI/ICCID)': return t('report.redactedIdentity');
    case 'MQTT password or signed user name': return t('report.redactedPassword');
    case 'aliauth DeviceSecret': return t('report.redactedAliauth');
    case 'uploaded key file': return t('report.redactedKeyFile');
    case 'other copy of a secret': return t('report.redactedOther');
    default: return kind;
  }
}

function redactionHtml(counts: Record<string, number>, maskIds: boolean, t: Translate): string {
  const list = Object.entries(counts)
    .map(([k, n]) => `${n} × ${escapeHtml(redactionKind(k, t))}`)
    .join(', ');
  const ids = maskIds ? t('report.idsMasked') : t('report.idsShown');
  return `<p data-testid="report-redactions"><strong>${t('report.redacted')}</strong> ${t('report.redactedLine', { list: list || t('report.redactedNothing'), ids })}</p>`;
}

function environmentHtml(input: Pick<HtmlReportInput, 'environment' | 'recorded' | 'exportedAt' | 'range'>, t: Translate): string {
  const e = input.environment;
  const r = input.recorded;
  const s = r.port?.settings;
  const settings = s
    ? t('report.portSettingsValue', { baud: s.baudRate ?? '?', frame: `${s.dataBits ?? 8}${(s.parity ?? 'none')[0]?.toUpperCase()}${s.stopBits ?? 1}`, flow: s.flowControl ?? 'none' })
    : undefined;
  return `<section id="environment" data-testid="report-environment"><h2>${t('report.environment')}</h2><dl class="facts">
${row(t, t('report.recordedBy'), [r.app, r.appVersion].filter(Boolean).join(' ') || undefined)}
${row(t, t('report.port'), r.port?.path)}
${row(t, t('report.portSettings'), settings)}
${row(t, t('report.firmwareProfile'), e.firmwareProfile)}
${row(t, t('report.journal'), e.source)}
${row(t, t('report.exportedBy'), [e.app, e.appVersion].filter(Boolean).join(' ') || undefined)}
${row(t, t('report.exportedOn'), e.os)}
${row(t, t('report.exportedAt'), input.exportedAt)}
${row(t, t('report.partExported'), rangeWords(input.range, t))}
</dl></section>`;
}

/** Meanings by command, then by line (no key string built per row). */
type MeaningCache = Map<string, Map<string, string>>;

/** The Log view's meaning of a row: the catalogue's reading of a modem line, in its command's context, in `lang`. */
function meaningOf(command: string | undefined, e: LogEntry, cache: MeaningCache, lang: Lang): string {
  if (e.dir !== 'rx' || e.kind === 'prompt' || e.kind === 'echo') return '';
  let byLine = cache.get(command ?? '');
  if (!byLine) {
    if (cache.size > 1_000) cache.clear();
    cache.set(command ?? '', (byLine = new Map()));
  }
  let m = byLine.get(e.text);
  if (m === undefined) {
    const p = explainAsProblem(e.text, command && /^AT/i.test(command) ? { command } : {});
    m = p ? localizeProblem(p, lang).title : '';
    if (byLine.size > 10_000) byLine.clear();
    byLine.set(e.text, m);
  }
  return m;
}

/** The report as chunks of about 64 KB. */
export function* htmlReport(input: HtmlReportInput): Generator<string> {
  yield htmlHead(input, [...new Set(input.rows.map((r) => r.kind))]);
  const t0 = input.rows[0]?.mono ?? 0;
  const failedRows = new Set<number>();
  for (const x of input.model.exchanges) if (x.problem && x.resultEntry !== undefined) failedRows.add(x.resultEntry);
  const rows = new HtmlRows(t0, input.lang);
  const commands = new Map(input.model.exchanges.map((x) => [x.id, x.command]));
  let buf: string[] = [];
  let size = 0;
  const total = input.rows.length;
  for (let i = 0; i < total; i++) {
    const e = input.rows[i] as LogEntry;
    const line = rows.row(e, failedRows.has(e.index), e.exchangeId !== undefined ? commands.get(e.exchangeId) : undefined);
    buf.push(line);
    size += line.length;
    if (size >= 1 << 16) {
      yield buf.join('\n') + '\n';
      buf = [];
      size = 0;
      input.onRows?.(i + 1, total);
    }
  }
  if (buf.length) yield buf.join('\n') + '\n';
  input.onRows?.(total, total);
  yield htmlFoot(input);
}

/** The note under the diagram when it draws only the first exchanges. */
export function diagramNoteText(drawn: number, total: number, lang: Lang = 'en'): string {
  return translator(lang)('report.diagramNote', { drawn, total });
}

/** Everything before the log's rows: head, summary, diagram, the log's filters. `kinds`: the rows' kinds, in order of appearance. */
function timelineHtml(tl: { svg: string; drops: string[] }, t: Translate): string {
  const drops = tl.drops.length
    ? `<h3>${t('report.linkDrops')}</h3><ul data-testid="report-drops">${tl.drops.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`
    : `<p class="muted" data-testid="report-drops">${t('report.noDrops')}</p>`;
  return `<section id="timeline" data-testid="report-timeline"><h2>${t('report.timeline')}</h2>
<p class="muted">${t('report.timelineNote')}</p>
<div class="diagram">${tl.svg}</div>${drops}</section>
`;
}

export function htmlHead(input: Omit<HtmlReportInput, 'rows' | 'model'>, kinds: readonly string[]): string {
  const lang = input.lang ?? 'en';
  const t = translator(lang);
  const labels = kindLabels(lang);
  const title = input.environment.source ? t('report.titleWithSource', { source: input.environment.source }) : t('report.title');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${cspFor(lang)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styleFor(lang)}</style></head><body>
<header><h1>${escapeHtml(title)}</h1><p class="muted">${t('report.intro', { at: escapeHtml(input.exportedAt) })}</p></header>
${summaryHtml(input.summary, input, t, lang)}
${input.timeline ? timelineHtml(input.timeline, t) : ''}<section id="diagram" data-testid="report-diagram"><h2>${t('report.diagram')}</h2>
${input.diagramNote ? `<p class="muted">${escapeHtml(input.diagramNote)}</p>` : ''}<div class="diagram">${input.diagramSvg.replace(/^<\?xml[^>]*>\s*/, '')}</div></section>
<section id="log"><h2>${t('report.log')}</h2>
<div class="filters"><label>${t('report.search')} <input type="search" id="log-search" data-testid="report-log-search" placeholder="${escapeHtml(t('report.searchPlaceholder'))}"></label>
<label>${t('report.kind')} <select id="log-kind" data-testid="report-log-kind"><option value="">${t('report.kindAll')}</option>${kinds.map((k) => `<option value="${escapeHtml(k)}">${escapeHtml(labels[k] ?? k)}</option>`).join('')}</select></label>
<span id="log-count" class="muted" data-testid="report-log-count"></span></div>
<table data-testid="report-log"><thead><tr><th>${t('report.colTime')}</th><th>+s</th><th>${t('report.colDir')}</th><th>${t('report.colKind')}</th><th>${t('report.colLine')}</th><th>${t('report.colExchange')}</th><th>${t('report.colMeaning')}</th></tr></thead><tbody id="log-body">
`;
}

const DAY_MS = 86_400_000;
const YEAR_10000 = 253_402_300_800_000;
const two = (n: number) => (n < 10 ? '0' : '') + n;

/** 'HH:MM:SS.mmm' (UTC) of a wall time, as new Date(wall).toISOString().slice(11, 23) gives it, without a Date per row. */
export function timeOfDay(wall: number): string {
  // Before 1970 or from the year 10000 on (a six-digit year moves the slice): the Date's way.
  if (!(wall >= 0 && wall < YEAR_10000)) return new Date(wall).toISOString().slice(11, 23);
  const t = Math.floor(wall) % DAY_MS;
  const ms = t % 1000;
  const s = Math.floor(t / 1000);
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.${ms < 100 ? (ms < 10 ? '00' : '0') : ''}${ms}`;
}

/** The cells of a row that follow from its direction alone. */
const DIR_CELLS = {
  tx: '<td class="dir" title="host → modem">→</td>',
  rx: '<td class="dir" title="modem → host">←</td>',
} as const;

function dirCells(lang: Lang): { tx: string; rx: string } {
  if (lang === 'en') return DIR_CELLS;
  const t = translator(lang);
  return { tx: `<td class="dir" title="${t('report.hostToModem')}">→</td>`, rx: `<td class="dir" title="${t('report.modemToHost')}">←</td>` };
}

/** The log's rows, one at a time; `t0` is the first row's mono time. */
export class HtmlRows {
  private readonly cache: MeaningCache = new Map();
  private lastWall = NaN;
  private lastTime = '';
  private readonly labels: Record<string, string>;
  private readonly dirs: { tx: string; rx: string };
  constructor(
    private readonly t0: number,
    private readonly lang: Lang = 'en',
  ) {
    this.labels = kindLabels(lang);
    this.dirs = dirCells(lang);
  }

  /** One row; `command` is its exchange's command (for the row's meaning). */
  row(e: LogEntry, failed: boolean, command: string | undefined): string {
    // Rows come in bursts at one time: the clock is formatted once per burst.
    if (e.wall !== this.lastWall) {
      this.lastWall = e.wall;
      this.lastTime = timeOfDay(e.wall);
    }
    const kind = escapeHtml(e.kind);
    const dir = e.dir === 'tx' || e.dir === 'rx' ? this.dirs[e.dir] : this.dirs.rx;
    return `<tr class="${escapeHtml(e.dir)}${failed ? ' failed' : ''}" data-kind="${kind}"><td class="mono">${this.lastTime}</td><td class="mono">+${((e.mono - this.t0) / 1000).toFixed(3)}</td>${dir}<td>${this.labels[e.kind] ?? kind}</td><td class="text">${escapeHtml(e.text)}</td><td>${e.exchangeId === undefined ? '' : `#${e.exchangeId}`}</td><td>${escapeHtml(meaningOf(command, e, this.cache, this.lang))}</td></tr>`;
  }
}

/** Everything after the log's rows. */
export function htmlFoot(input: Pick<HtmlReportInput, 'environment' | 'recorded' | 'exportedAt' | 'range' | 'lang'>): string {
  const lang = input.lang ?? 'en';
  return `</tbody></table></section>
${environmentHtml(input, translator(lang))}
<script>${scriptFor(lang)}</script>
</body></html>
`;
}
