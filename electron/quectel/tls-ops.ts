// Certificate and SSL-context operations over the AT engine, shared by the bring-up's TLS steps,
// the Files panel and the CLI: list, upload (size and checksum compared, +CME ERROR: 407 answered by
// a delete when asked to replace), delete, and read or write every option of an SSL context
// (protocol.md §4.4, §4.5, §5.2). Failures are catalogue Problems.
import type { AtOutcome } from '../../shared/model';
import { fail, ok, problem, type Outcome, type Problem } from '../../shared/outcome';
import type { FileUploadProgress, ModemFileListing, SslContextReading, SslContextSettings, UploadedFile } from '../../shared/modem-tls';
import type { AtEngine, AtRequest } from '../at/types';
import { problemFromLine } from './codes';
import { buildQfdel, buildQflds, buildQflst, buildQfupl, isFileExists, isFileNotFound, parseQflds, parseQflst, verifyUpload } from './files';
import { buildQsslcfg, buildQsslcfgQuery, QSSLCFG_OPTIONS, settingsFromQueries } from './ssl';

export interface OpsOptions {
  signal?: AbortSignal;
}

function atProblem(out: Exclude<AtOutcome, { kind: 'ok' }>, req: AtRequest): Problem {
  return out.kind === 'modem-error' ? problemFromLine(out.final, { command: req.text }) : out.problem;
}

async function send(engine: AtEngine, req: AtRequest, o: OpsOptions): Promise<Outcome<string[]>> {
  const out = await engine.send(req, o.signal);
  return out.kind === 'ok' ? ok(out.lines) : fail(atProblem(out, req));
}

/** AT+QFLST (and AT+QFLDS when the firmware answers it). */
export async function listFiles(engine: AtEngine, o: OpsOptions & { pattern?: string } = {}): Promise<Outcome<ModemFileListing>> {
  const r = await send(engine, buildQflst(o.pattern), o);
  if (!r.ok) return r;
  const files = parseQflst(r.value);
  if (!files.ok) return files;
  const ds = await engine.send(buildQflds(), o.signal);
  const space = ds.kind === 'ok' ? parseQflds(ds.lines) : undefined;
  return ok({ files: files.value, ...(space?.ok ? space.value : {}) });
}

/** AT+QFDEL; a missing file (+CME ERROR: 405) is a Problem too, so the caller can tell. */
export async function deleteFile(engine: AtEngine, name: string, o: OpsOptions = {}): Promise<Outcome<null>> {
  const r = await send(engine, buildQfdel(name), o);
  return r.ok ? ok(null) : r;
}

export interface UploadOptions extends OpsOptions {
  /** The file exists: delete it first (AT+QFDEL), then upload. */
  replace?: boolean;
  onProgress?: (p: FileUploadProgress) => void;
}

/**
 * AT+QFUPL with the exact size: CONNECT, the bytes (no Ctrl+Z), '+QFUPL: <size>,<checksum>', OK;
 * then the modem's size and checksum against the laptop's. +CME ERROR: 407 (exists) without
 * `replace` is Problem 'file.exists', whose next step is to replace it.
 */
export async function uploadFile(engine: AtEngine, name: string, bytes: Uint8Array, o: UploadOptions = {}): Promise<Outcome<UploadedFile>> {
  const total = bytes.length;
  const progress = (phase: FileUploadProgress['phase'], sent: number) => o.onProgress?.({ name, phase, sent, total });
  let replaced = false;
  if (o.replace) {
    progress('deleting', 0);
    const del = await engine.send(buildQfdel(name), o.signal);
    // Absent already (405) is what we wanted.
    if (del.kind === 'ok') replaced = true;
    else if (!(del.kind === 'modem-error' && isFileNotFound(del.final))) {
      progress('failed', 0);
      return fail(atProblem(del, buildQfdel(name)));
    }
  }
  const req = buildQfupl({ name, bytes });
  progress('sending', 0);
  // The engine writes the bytes after CONNECT in one piece: report them once they are on their way.
  let commandId: number | undefined;
  const watch = engine.onEvent((e) => {
    if (e.type === 'command-started' && e.command === req.text) commandId = e.id;
    else if (e.type === 'line' && e.dir === 'tx' && commandId !== undefined && e.commandId === commandId && e.text !== req.text) progress('sending', total);
  });
  const out = await engine.send(req, o.signal).finally(() => watch.dispose());
  if (out.kind !== 'ok') {
    progress('failed', 0);
    if (out.kind === 'modem-error' && isFileExists(out.final)) {
      return fail(problem('file.exists', `${name} already exists on the modem.`, `${req.text} → ${out.final} (protocol.md §4.5).`, `Replace it (the workbench deletes it with AT+QFDEL="${name}" first, then uploads), or upload under another name.`, { name }));
    }
    return fail(atProblem(out, req));
  }
  progress('verifying', total);
  const v = verifyUpload(bytes, out.lines, name);
  if (!v.ok) {
    progress('failed', total);
    return v;
  }
  progress('done', total);
  return ok({ name, size: total, checksum: v.value.checksum, modemSize: v.value.modemSize, modemChecksum: v.value.modemChecksum, verified: true, replaced });
}

/**
 * Every AT+QSSLCFG option of the context, one query each. An option the firmware answers ERROR to
 * (e.g. "sni" on old builds) is listed as unsupported; a lost port stops the reading.
 */
export async function readSslContext(engine: AtEngine, ctx: number, o: OpsOptions = {}): Promise<Outcome<SslContextReading>> {
  const lines: string[] = [];
  const unsupported: Array<keyof SslContextSettings> = [];
  for (const row of QSSLCFG_OPTIONS) {
    const req = buildQsslcfgQuery(row.option, ctx);
    const out = await engine.send(req, o.signal);
    if (out.kind === 'ok') lines.push(...out.lines);
    else if (out.kind === 'modem-error') unsupported.push(row.field);
    else return fail(out.problem);
  }
  return ok({ ctx, settings: settingsFromQueries(ctx, lines), unsupported });
}

/** '0X0035' = '0x35', 'UFS:ca.pem' = 'ca.pem' (the default drive is UFS, protocol.md §4.4). */
const sameText = (v: string): string => v.toUpperCase().replace(/^UFS:/, '').replace(/^0X0*/, '0X');

/**
 * Writes the given options (in the table's order), then reads the context back and checks that each
 * value took: a "set" missing its value is a query and changes nothing (protocol.md quirk 10), and a
 * wrong index is not caught by the modem (protocol.md quirk 11). An "sni" refused by old firmware stops here
 * with the catalogue's explanation.
 */
export async function writeSslContext(engine: AtEngine, ctx: number, settings: SslContextSettings, o: OpsOptions = {}): Promise<Outcome<SslContextReading>> {
  for (const row of QSSLCFG_OPTIONS) {
    const v = settings[row.field];
    if (v === undefined) continue;
    const r = await send(engine, buildQsslcfg(row.option, ctx, v), o);
    if (!r.ok) return r;
  }
  const back = await readSslContext(engine, ctx, o);
  if (!back.ok) return back;
  const differs = QSSLCFG_OPTIONS.filter((row) => {
    const want = settings[row.field];
    const got = back.value.settings[row.field];
    if (want === undefined || got === undefined) return false;
    return typeof want === 'string' ? sameText(String(got)) !== sameText(want) : got !== want;
  });
  if (differs.length) {
    const list = differs.map((row) => `${row.option}: set ${String(settings[row.field])}, reads ${String(back.value.settings[row.field])}`).join('; ');
    return fail(problem('ssl.not-applied', `SSL context ${ctx} does not hold what was written.`, `${list} (protocol.md quirk 10, quirk 11).`, `Read the context back with AT+QSSLCFG="<option>",${ctx} and write each option again with its value.`, { ctx }));
  }
  return back;
}
