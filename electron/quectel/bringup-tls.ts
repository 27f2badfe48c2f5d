// The bring-up steps the diagnosis table recommends (protocol.md §8) and the TLS path of
// protocol.md §5.2: where URCs go, packet attach, the module clock, the certificates (checked on the
// laptop, then on the modem or uploaded) and the SSL context; and the checks run after a failed open.
// A check the firmware does not answer passes with a note: these steps advise, the classic ones gate.
import { bringupStepTitle, type BringupStepData } from '../../shared/bringup';
import type { DiagnosticResult } from '../../shared/diagnostics';
import type { SslContextSettings } from '../../shared/modem-tls';
import { TLS_DEFAULTS } from '../../shared/mqtt-options';
import { fail, problem, type Problem } from '../../shared/outcome';
import { checkCertificates } from '../tls/cert-check';
import { atProblem, found, sslCtxOf, type BringupStep, type StepContext, type TlsFile } from './bringup-step';
import { problemFromCode } from './codes';
import { urcPortMatches } from './diag';
import { runDiagnostic } from './diagnostics';
import { buildQsslcfg } from './ssl';
import { listFiles, readSslContext, uploadFile, writeSslContext } from './tls-ops';
import { msg, type Msg } from '../../shared/i18n';

export const diagOpts = (ctx: StepContext) => ({ ...(ctx.o.signal ? { signal: ctx.o.signal } : {}), ...(ctx.o.portPath ? { portPath: ctx.o.portPath } : {}), cid: ctx.cid });

/**
 * A check whose command this firmware refuses (ERROR) or answers in a form not understood passes
 * with a note: the check is advice, not a gate. A timeout or a lost port still fails.
 */
const refused = (r: DiagnosticResult): boolean => r.verdict === 'fail' && !r.finding && !!r.problem && /^(error|cme|parse|modem)\./.test(r.problem.code);

// Early: with URCs routed to another port every command answers OK and no result ever comes (protocol.md §1.4, quirk 19).
export const urcPortStep: BringupStep = {
  id: 'urc-port',
  title: bringupStepTitle('urc-port'),
  run: async (ctx) => {
    const r = await runDiagnostic(ctx.engine, 'urcport', diagOpts(ctx));
    if (refused(r)) return found(msg('stepDetail.urcNotAnswered'));
    if (r.verdict === 'fail' && r.problem) return fail(r.problem);
    const f = r.finding?.check === 'urcport' ? r.finding : undefined;
    if (!f) return found(r.summaryMsg ?? r.summary);
    const here = urcPortMatches(f.port, ctx.o.portPath);
    return found(here === undefined ? msg('diagnostics.urcGoTo', { port: f.port, here: 'unknown' }) : (r.summaryMsg ?? r.summary), { urcPort: { port: f.port, ...(here !== undefined ? { reachesThisPort: here } : {}) } });
  },
};

// Registered but not attached: activating the PDP context would fail (protocol.md §8, "+QMTOPEN: i,3").
export const attachStep: BringupStep = {
  id: 'attach',
  title: bringupStepTitle('attach'),
  run: async (ctx) => {
    const r = await runDiagnostic(ctx.engine, 'attach', diagOpts(ctx));
    if (refused(r)) return found(msg('stepDetail.attachNotAnswered'));
    if (r.verdict === 'fail' && r.problem) return fail(r.problem);
    return found(r.summaryMsg ?? r.summary, { attached: true });
  },
};

const noTls = (ctx: StepContext): Msg | undefined => (ctx.o.tls ? undefined : msg('stepDetail.plainTcp'));

// The time certificates are checked against when "ignorelocaltime" is 0 (protocol.md §4.4, §8).
export const clockStep: BringupStep = {
  id: 'clock',
  title: bringupStepTitle('clock'),
  skip: noTls,
  run: async (ctx) => {
    const r = await runDiagnostic(ctx.engine, 'clock', diagOpts(ctx));
    if (refused(r)) return found(msg('stepDetail.notAnswered', { command: 'AT+CCLK?' }));
    if (r.verdict === 'fail' && r.problem) return fail(r.problem);
    const f = r.finding?.check === 'clock' ? r.finding : undefined;
    if (!f) return found(r.summaryMsg ?? r.summary);
    const ignore = ctx.o.tlsOptions?.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime;
    if (f.unset && !ignore && r.problem) return fail({ ...r.problem, detail: `${r.problem.detail}; "ignorelocaltime" is 0, so every certificate would be judged at that date.` });
    if (f.iso && !f.unset) ctx.moduleTime = new Date(f.iso);
    const data = { clock: { raw: f.raw, unset: f.unset, ...(f.iso ? { iso: f.iso } : {}) } };
    return found(f.unset ? msg('diagnostics.clockNotSet', { raw: f.raw, ignored: ignore ? 'yes' : 'no' }) : (r.summaryMsg ?? r.summary), data);
  },
};

type FileRole = 'ca' | 'client-cert' | 'client-key';
const ROLE_WORDS: Record<FileRole, string> = { ca: 'CA certificate', 'client-cert': 'client certificate', 'client-key': 'client key' };
const sameName = (a: string, b: string): boolean => a.replace(/^UFS:/i, '').toLowerCase() === b.replace(/^UFS:/i, '').toLowerCase();

// The certificates the context names: checked on the laptop, then on the modem or uploaded (protocol.md §4.5, §5.2).
export const tlsFilesStep: BringupStep = {
  id: 'tls-files',
  title: bringupStepTitle('tls-files'),
  skip: (ctx) => noTls(ctx) ?? (ctx.o.tlsOptions ? undefined : msg('stepDetail.ctxAsSetUp')),
  run: async (ctx) => {
    const t = ctx.o.tlsOptions ?? {};
    const seclevel = t.seclevel ?? TLS_DEFAULTS.seclevel;
    if (seclevel >= 1 && !t.ca) return fail(problemFromCode('tls', 'missing-ca', `seclevel ${seclevel} with no CA file named`));
    if (seclevel === 2 && (!t.clientCert || !t.clientKey)) return fail(problemFromCode('tls', 'missing-client', `seclevel 2 with ${!t.clientCert ? 'no client certificate' : 'no client key'}`));
    const files = ([['ca', t.ca], ['client-cert', t.clientCert], ['client-key', t.clientKey]] as const).filter((e): e is readonly [FileRole, TlsFile] => e[1] !== undefined);
    // What can be checked before anything is sent: the files parse, the key fits, the dates hold.
    if (files.some(([, f]) => f.content)) {
      const check = checkCertificates({
        ...(t.ca?.content ? { ca: t.ca.content } : {}),
        ...(t.clientCert?.content ? { clientCert: t.clientCert.content } : {}),
        ...(t.clientKey?.content ? { clientKey: t.clientKey.content } : {}),
        host: ctx.o.server.host,
        seclevel,
        sni: t.sni ?? TLS_DEFAULTS.sni,
        ignoreLocalTime: t.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime,
        at: ctx.moduleTime ?? new Date(ctx.clock.wall()),
        atSource: ctx.moduleTime ? 'modem' : 'laptop',
      });
      const first = check.problems[0];
      // The others are named after the first one's detail; their codes ride in params for another language (shared/protocol/localize.ts).
      const rest = check.problems.slice(1);
      if (first) return fail(rest.length ? { ...first, detail: `${first.detail} Also: ${rest.map((p) => p.title).join(' ')}`, params: { ...first.params, also: rest.map((p) => p.code).join(' ') } } : first);
    }
    const listed = await listFiles(ctx.engine, ctx.o.signal ? { signal: ctx.o.signal } : {});
    if (!listed.ok) return listed;
    const out: NonNullable<BringupStepData['tlsFiles']> = [];
    for (const [role, f] of files) {
      const present = listed.value.files.find((m) => sameName(m.name, f.name));
      if (!f.content) {
        if (!present) return fail(problem('tls.file-missing', `The ${ROLE_WORDS[role]} ${f.name} is not on the modem.`, `AT+QFLST lists ${listed.value.files.map((m) => m.name).join(', ') || 'no files'}.`, `Upload it (the Files panel, or give the file to the wizard: --${role === 'ca' ? 'ca' : role} FILE).`));
        out.push({ role, name: f.name, size: present.size, uploaded: false });
        continue;
      }
      if (present && !f.replace && present.size === f.content.length) {
        out.push({ role, name: f.name, size: present.size, uploaded: false });
        continue;
      }
      if (present && !f.replace) return fail(problem('file.exists', `A different ${f.name} is already on the modem.`, `AT+QFLST: "${present.name}",${present.size}; the file given has ${f.content.length} bytes.`, 'Choose to replace it (the workbench deletes it with AT+QFDEL first), or name the new file differently.'));
      const up = await uploadFile(ctx.engine, f.name, f.content, { replace: !!present, ...(ctx.o.signal ? { signal: ctx.o.signal } : {}) });
      if (!up.ok) return up;
      out.push({ role, name: f.name, size: up.value.size, uploaded: true, checksum: up.value.checksum });
    }
    const detail = out.map((f) => `${f.name} ${f.uploaded ? `uploaded (${f.size} bytes, checksum ${f.checksum} verified)` : 'on the modem'}`).join(', ');
    return found(detail || msg('stepDetail.noFilesNeeded'), { tlsFiles: out });
  },
};

// Every option of the context, written then read back (protocol.md §4.4, §5.2; quirks 9–11).
export const tlsContextStep: BringupStep = {
  id: 'tls-context',
  title: bringupStepTitle('tls-context'),
  skip: noTls,
  run: async (ctx) => {
    const sslCtx = sslCtxOf(ctx.o);
    const opts = ctx.o.signal ? { signal: ctx.o.signal } : {};
    const t = ctx.o.tlsOptions;
    if (!t) {
      // Set up beforehand (AT console, an earlier run): shown as it is, with what it lacks.
      const r = await readSslContext(ctx.engine, sslCtx, opts);
      if (!r.ok) return r;
      const s = r.value.settings;
      return found(`SSL context ${sslCtx} as set up on the modem: seclevel ${s.seclevel ?? '?'}${s.cacert ? `, CA ${s.cacert}` : ''}`, { tls: { ctx: sslCtx, settings: s } });
    }
    const seclevel = t.seclevel ?? TLS_DEFAULTS.seclevel;
    const settings: SslContextSettings = {
      sslVersion: t.sslVersion ?? TLS_DEFAULTS.sslVersion,
      cipherSuite: t.cipherSuite ?? TLS_DEFAULTS.cipherSuite,
      seclevel,
      ...(t.ca && seclevel >= 1 ? { cacert: t.ca.name } : {}),
      ...(t.clientCert && seclevel === 2 ? { clientcert: t.clientCert.name } : {}),
      ...(t.clientKey && seclevel === 2 ? { clientkey: t.clientKey.name } : {}),
      ignoreLocalTime: (t.ignoreLocalTime ?? TLS_DEFAULTS.ignoreLocalTime) ? 1 : 0,
      negotiateTimeS: t.negotiateTimeS ?? TLS_DEFAULTS.negotiateTimeS,
    };
    const w = await writeSslContext(ctx.engine, sslCtx, settings, opts);
    if (!w.ok) return w;
    // SNI last: old firmware has no such option and answers ERROR (protocol.md §4.4), which matters only when it is wanted.
    const sni = t.sni ?? TLS_DEFAULTS.sni;
    const req = buildQsslcfg('sni', sslCtx, sni ? 1 : 0);
    const out = await ctx.engine.send(req, ctx.o.signal);
    if (out.kind !== 'ok' && (sni || out.kind !== 'modem-error')) return fail(atProblem(out, req));
    const shown = { ...w.value.settings, ...(out.kind === 'ok' ? { sni: sni ? 1 : 0 } : {}) };
    return found(`SSL context ${sslCtx}: seclevel ${seclevel}${settings.cacert ? `, CA ${settings.cacert}` : ''}${settings.clientcert ? `, client ${settings.clientcert}` : ''}, ignorelocaltime ${settings.ignoreLocalTime}${out.kind === 'ok' ? `, SNI ${sni ? 'on' : 'off'}` : ''}`, { tls: { ctx: sslCtx, settings: shown } });
  },
};

/**
 * After a failed open, the checks the catalogue names for it (protocol.md §8): DNS servers and a
 * short ping of the server; their findings are added to the problem's detail.
 */
export async function afterOpenFailure(ctx: StepContext, p: Problem): Promise<Problem> {
  if (!['qmtopen.-1', 'qmtopen.4', 'qmtopen.5'].includes(p.code) || ctx.o.signal?.aborted) return p;
  const seen: string[] = [];
  // A failed TLS open: read back the context in use and the files it names (protocol.md §8, "+QMTOPEN: i,-1").
  if (ctx.o.tls && p.code === 'qmtopen.-1') {
    const sslCtx = sslCtxOf(ctx.o);
    const opts = ctx.o.signal ? { signal: ctx.o.signal } : {};
    const read = await readSslContext(ctx.engine, sslCtx, opts);
    const files = await listFiles(ctx.engine, opts);
    if (read.ok) {
      const st = read.value.settings;
      const named = (['cacert', 'clientcert', 'clientkey'] as const).filter((k) => st[k]).map((k) => {
        const f = files.ok ? files.value.files.find((m) => sameName(m.name, String(st[k]))) : undefined;
        return `${k} ${String(st[k])} (${f ? `on the modem, ${f.size} bytes` : files.ok ? 'NOT on the modem' : 'files not listed'})`;
      });
      seen.push(`SSL context ${sslCtx}: seclevel ${st.seclevel ?? '?'}, ignorelocaltime ${st.ignoreLocalTime ?? '?'}${st.sni !== undefined ? `, sni ${st.sni}` : ''}${named.length ? `, ${named.join(', ')}` : ''}`);
    }
  }
  const dns = await runDiagnostic(ctx.engine, 'dns', diagOpts(ctx));
  if (!refused(dns)) seen.push(`DNS: ${dns.summary}`);
  const pingR = await runDiagnostic(ctx.engine, 'ping', { ...diagOpts(ctx), host: ctx.o.server.host, timeoutS: 2, count: 2 });
  if (!refused(pingR)) seen.push(`ping: ${pingR.summary}`);
  return seen.length ? { ...p, detail: `${p.detail} Checks run after the failure — ${seen.join('; ')}.` } : p;
}
