// The checks of the diagnosis table (protocol.md §8) as operations over the AT engine: each sends its
// command(s), reads the answer with the pure parsers of diag.ts and returns a DiagnosticResult whose
// verdict and explanation come from the code catalogue (family 'diag'). Used on request (the
// contract's runDiagnostic, the CLI) and by the bring-up.
import type { DiagnosticCheck, DiagnosticResult } from '../../shared/diagnostics';
import { msg, translator, type Msg } from '../../shared/i18n';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import type { AtEngine, AtRequest } from '../at/types';
import { problemFromCode, problemFromLine } from './codes';
import {
  buildCclkRead,
  buildCgattRead,
  buildCimi,
  buildQccid,
  buildQidnscfgQuery,
  buildQping,
  buildUrcportQuery,
  clockLooksUnset,
  parseCclk,
  parseCgatt,
  parseCimi,
  parseQccid,
  parseQidnscfg,
  parsePingSeries,
  parseQpingLine,
  parseUrcport,
  pingSeriesEnded,
  pingWaitMs,
  urcPortMatches,
} from './diag';

export interface DiagnosticOptions {
  signal?: AbortSignal;
  /** The serial port in use, to tell whether the URC port is this one. */
  portPath?: string;
  /** PDP context for dns and ping (default 1). */
  cid?: number;
  host?: string;
  timeoutS?: number;
  count?: number;
  /** Each +QPING line as it comes (the series takes seconds). */
  onPingLine?: (line: string) => void;
}

const english = translator('en');
/** The summary in English (logs, journals, --json) beside its message, which readers render in their language. */
const said = (m: Msg): { summary: string; summaryMsg: Msg } => ({ summary: english(m.key, m.values), summaryMsg: m });

/** A command's lines, or why there are none (ERROR in the command's context, timeout, port lost). */
async function lines(engine: AtEngine, req: AtRequest, o: DiagnosticOptions): Promise<Outcome<string[]>> {
  const out = await engine.send(req, o.signal);
  if (out.kind === 'ok') return ok(out.lines);
  return fail(out.kind === 'modem-error' ? problemFromLine(out.final, { command: req.text }) : out.problem);
}

const failed = (check: DiagnosticCheck, p: Problem): DiagnosticResult => ({ check, verdict: 'fail', ...said(msg('diagnostics.failed', { check: check === 'sim-identity' ? 'simIdentity' : check, title: p.title })), problem: p });

/** Runs one check; never rejects. */
export async function runDiagnostic(engine: AtEngine, check: DiagnosticCheck, o: DiagnosticOptions = {}): Promise<DiagnosticResult> {
  switch (check) {
    case 'urcport': {
      const r = await lines(engine, buildUrcportQuery(), o);
      if (!r.ok) return failed(check, r.problem);
      const port = parseUrcport(r.value);
      if (!port.ok) return failed(check, port.problem);
      const here = urcPortMatches(port.value, o.portPath);
      const code = here === true ? 'urcport-here' : here === false ? 'urcport-elsewhere' : 'urcport-unknown';
      const p = problemFromCode('diag', code, `AT+QURCCFG="urcport" → "${port.value}"; port in use: ${o.portPath ?? 'unknown'}`);
      const finding = { check, port: port.value, reachesThisPort: here !== false } as const;
      if (here === false) return { check, verdict: 'fail', ...said(msg('diagnostics.urcElsewhere', { port: port.value })), finding, problem: p };
      return { check, verdict: here ? 'pass' : 'warn', ...said(msg('diagnostics.urcGoTo', { port: port.value, here: here ? 'yes' : 'no' })), finding, ...(here ? {} : { problem: p }) };
    }
    case 'attach': {
      const r = await lines(engine, buildCgattRead(), o);
      if (!r.ok) return failed(check, r.problem);
      const a = parseCgatt(r.value);
      if (!a.ok) return failed(check, a.problem);
      const finding = { check, attached: a.value } as const;
      return a.value ? { check, verdict: 'pass', ...said(msg('diagnostics.attached')), finding } : { check, verdict: 'fail', ...said(msg('diagnostics.notAttached')), finding, problem: problemFromCode('diag', 'detached', 'AT+CGATT? → +CGATT: 0') };
    }
    case 'dns': {
      const cid = o.cid ?? 1;
      const r = await lines(engine, buildQidnscfgQuery(cid), o);
      if (!r.ok) return failed(check, r.problem);
      const d = parseQidnscfg(r.value);
      if (!d.ok) return failed(check, d.problem);
      const finding = { check, cid, ...(d.value.primary ? { primary: d.value.primary } : {}), ...(d.value.secondary ? { secondary: d.value.secondary } : {}) } as const;
      if (!d.value.primary) return { check, verdict: 'fail', ...said(msg('diagnostics.noDns', { cid })), finding, problem: problemFromCode('diag', 'no-dns', `AT+QIDNSCFG=${cid} → ${r.value.join(' ')}`) };
      return { check, verdict: 'pass', ...said(msg('diagnostics.dns', { servers: [d.value.primary, d.value.secondary].filter(Boolean).join(', ') })), finding };
    }
    case 'ping':
      return ping(engine, o);
    case 'clock': {
      const r = await lines(engine, buildCclkRead(), o);
      if (!r.ok) return failed(check, r.problem);
      const c = parseCclk(r.value);
      if (!c.ok) return failed(check, c.problem);
      const unset = clockLooksUnset(c.value);
      const finding = { check, raw: c.value.raw, iso: c.value.date.toISOString(), unset } as const;
      if (unset) return { check, verdict: 'warn', ...said(msg('diagnostics.clockUnset', { raw: c.value.raw })), finding, problem: problemFromCode('diag', 'clock-unset', `AT+CCLK? → "${c.value.raw}"`) };
      return { check, verdict: 'pass', ...said(msg('diagnostics.clock', { iso: c.value.date.toISOString() })), finding };
    }
    case 'sim-identity': {
      const cc = await lines(engine, buildQccid(), o);
      const im = await lines(engine, buildCimi(), o);
      const iccid = cc.ok ? parseQccid(cc.value) : cc;
      const imsi = im.ok ? parseCimi(im.value) : im;
      if (!iccid.ok && !imsi.ok) return failed(check, iccid.problem);
      const finding = { check, ...(iccid.ok ? { iccid: iccid.value } : {}), ...(imsi.ok ? { imsi: imsi.value } : {}) } as const;
      return { check, verdict: 'pass', ...said(msg('diagnostics.simIdentity', { which: iccid.ok && imsi.ok ? 'both' : iccid.ok ? 'iccid' : 'imsi', iccid: iccid.ok ? iccid.value : '', imsi: imsi.ok ? imsi.value : '' })), finding };
    }
  }
}

/**
 * AT+QPING, then its series of +QPING URCs until the summary, an error that ends it, or as many
 * lost packets as asked for (protocol.md quirk 20). The subscription is made before sending.
 */
async function ping(engine: AtEngine, o: DiagnosticOptions): Promise<DiagnosticResult> {
  const check = 'ping';
  const cid = o.cid ?? 1;
  if (!o.host) return failed(check, problem('invalid-argument', 'No host to ping.', 'AT+QPING needs a host name or IP address.', 'Name the host to ping.', { kind: 'pingNoHost' }));
  let req: AtRequest;
  try {
    req = buildQping({ cid, host: o.host, ...(o.timeoutS !== undefined ? { timeoutS: o.timeoutS } : {}), ...(o.count !== undefined ? { timeoutS: o.timeoutS ?? 4, count: o.count } : {}) });
  } catch (err) {
    return failed(check, problem('invalid-argument', 'The ping cannot be sent.', err instanceof Error ? err.message : String(err), 'Correct the host and retry.', { kind: 'pingFailed' }));
  }
  const seen: string[] = [];
  let done: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (done = resolve));
  const sub = engine.onUrc(
    (line) => parseQpingLine(line).ok,
    (u) => {
      seen.push(u.text);
      o.onPingLine?.(u.text);
      if (pingSeriesEnded(req.text, seen)) done();
    },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const out = await engine.send(req, o.signal);
    if (out.kind !== 'ok') return failed(check, out.kind === 'modem-error' ? problemFromLine(out.final, { command: req.text }) : out.problem);
    if (!pingSeriesEnded(req.text, seen)) {
      await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, pingWaitMs({ ...(o.timeoutS !== undefined ? { timeoutS: o.timeoutS } : {}), ...(o.count !== undefined ? { count: o.count } : {}) }))))]);
    }
  } finally {
    if (timer) clearTimeout(timer);
    sub.dispose();
  }
  const { replies, summary } = parsePingSeries(seen);
  const finding = { check, cid, host: o.host, replies, ...(summary ? { summary } : {}) } as const;
  const answered = replies.filter((r) => r.result === 0).length;
  const detail = `${req.text} → ${seen.length ? seen.join(' | ') : 'no +QPING line'}`;
  if (summary && summary.result !== 0) {
    const code = problemFromLine(`+QPING: ${summary.result}`, { command: req.text }, detail);
    return { check, verdict: 'fail', ...said(msg('diagnostics.pingFailed', { host: o.host, title: code.title })), finding, problem: code };
  }
  if (answered === 0) return { check, verdict: 'fail', ...said(msg('diagnostics.pingNoAnswer', { host: o.host })), finding, problem: problemFromCode('diag', 'ping-failed', detail) };
  const lost = replies.length - answered;
  const avg = summary?.avgMs ?? Math.round(replies.reduce((a, r) => a + (r.timeMs ?? 0), 0) / answered);
  if (lost > 0) return { check, verdict: 'warn', ...said(msg('diagnostics.pingPartial', { host: o.host, answered, total: replies.length, avg })), finding, problem: problemFromCode('diag', 'ping-partial', detail) };
  return { check, verdict: 'pass', ...said(msg('diagnostics.pingOk', { host: o.host, answered, avg })), finding };
}
