// The one object the contract is bound to. It owns the open port, its AT engine, the session
// journal and the in-memory log; it knows nothing about IPC, sockets or windows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedTruth } from '../../shared/modem-state';
import { BringupArgs, DEFAULT_SAMPLING_INTERVAL_MS, MAX_SESSION_TEXT, SerialSettingsSchema, VIRTUAL_PORT_PATH, type AppInfo, type OpenedJournal, type OpenedSession, type PortState, type RadioSampling, type SessionListing } from '../../shared/api';
import { realClock } from '../../shared/clock';
import { ExchangeGrouper, type GrouperHeld, type GrouperWindow } from '../../shared/exchanges';
import { commandScope, parseCommand } from '../../shared/protocol/fields';
import { defaultSerialSettings, type JournalRecord, type LogEntry, type PortInfo } from '../../shared/model';
import { fail, ok, type Outcome } from '../../shared/outcome';
import { msg, msgText, translator, type Msg } from '../../shared/i18n';
import { announcedLength, payloadEndFor } from '../quectel/at-dialect';
import { createQuectelEngine } from '../quectel/engine';
import type { AtEngine, JournalSink, SerialTransport } from '../at/types';
import { explain, problemFromLine } from '../quectel/codes';
import { probePorts } from '../quectel/probe';
import { describePorts } from '../quectel/usb-ids';
import { exportDiagram, selectExchanges } from '../session/model';
import { listPorts as listSerialPorts } from '../serial/ports';
import { openSerial } from '../serial/transport';
import { defaultJournalDir, JOURNAL_EXTENSION, readJournal, type Journal } from '../session/journal';
import { openIndexedJournal, readRecordingIndex } from '../session/recording-index';
import { defaultKeyDir, fileKeyStore, type KeyStore } from '../session/key-store';
import { SEALED_PLACEHOLDER } from '../session/seal';
import { concealEntry, concealExchange, maskOutcomeLines } from '../session/secret-marks';
import { exportFileName, exportsDirBeside, listSessions, openRecordingText, summarisePass, summariseStreaming, writeExport, type RecordingRead, type SummaryRead } from '../session/sessions';
import { dismissRecoverableSession, findRecoverableSession, journalInFolder, streamJournalFromFolder } from '../session/recovery';
import { Batcher } from './batch';
import { fileStamp, hasIndex, JournalIndex, loadOpenIndex, OPEN_INDEX_MIN_BYTES, openFromRecordingIndex, openingCheckpoint, saveOpenIndex } from './journal-index';
import { journalModel, journalWindow, pageLog } from './log-pages';
import type { Services } from './dispatch';
import { EventHub } from './event-hub';
import { simulatorSupport, startDemoModem, type DemoModem } from './demo-modem';
import { ModemSession } from './modem-session';
import { timelineOf } from '../session/timeline';
import { startRadioSampler, type RadioSampler } from './radio-sampler';
import { AutoReconnectSetting, type ReconnectPolicy } from './reconnect';
import { createAliyunService } from './aliyun-service';
import { createScriptService } from './script-service';
import { createRackService, RACK_FAULT_INJECTIONS } from './rack-service';
import { runRack } from '../rack/rack';
import { clientStates, rowAfterStep, rowClosed, rowFromTruth, type PortSessionRow } from '../../shared/ports';
import type { RackFault } from '../../shared/rack';
import type { BringupStepEvent } from '../../shared/bringup';
import type { ModemTruth } from '../../shared/modem-state';
import type { Problem } from '../../shared/outcome';
import type { z } from 'zod';
import { probeAndCompare, probeSettingsFrom } from './probe-service';
import { MQTT_DEFAULTS } from '../../shared/mqtt-options';
import type { SslContextSettings } from '../../shared/modem-tls';
import { runDiagnostic } from '../quectel/diagnostics';
import { deleteFile, listFiles, readSslContext, uploadFile, writeSslContext } from '../quectel/tls-ops';
import { checkCertificates } from '../tls/cert-check';
import { fetchServerChain } from '../tls/server-probe';

export interface ServicesOptions {
  mode: AppInfo['mode'];
  version: string;
  journalDir?: string;
  log?: (line: string) => void;
  /**
   * How much of a session the main process holds: the newest log entries, exchanges and received
   * messages (defaults: GROUPER_WINDOW, 1,000 messages). Older rows are read from the journal.
   */
  window?: Partial<GrouperWindow> & { messages?: number };
  /** Journals at least this large keep an open index, so they reopen without being read (default OPEN_INDEX_MIN_BYTES; tests lower it). */
  openIndexMinBytes?: number;
  /** The automatic reconnect's back-off (tests shorten it). */
  reconnectPolicy?: Partial<ReconnectPolicy>;
  /** Radio sampling at start (off unless given; the user switches it in the Timeline). */
  radioSampling?: Partial<RadioSampling>;
  /**
   * Where to write an export (the desktop app's save dialog), given the suggested file name;
   * undefined when the user cancelled. Without it, exports go to the exports folder beside the journals.
   */
  chooseExportPath?: (suggestedName: string) => Promise<string | undefined>;
  /** Seals the journals' secrets (Electron: the OS keyring; default: a key file in the user's config folder). */
  keys?: KeyStore;
  /** Where saved Aliyun device profiles are kept (default: the key store's config folder). */
  aliyunProfilesDir?: string;
}

/** What the main process holds of the open session (counts; tests and the soak bench read it). */
export interface HeldState extends GrouperHeld {
  messages: number;
  sessionOpen: boolean;
}

export interface WorkbenchHost {
  services: Services;
  hub: EventHub;
  /** Closes the port, the simulator and the journal. */
  shutdown(): Promise<void>;
  /** What is held in memory now. */
  held(): HeldState;
  /**
   * Opens a file the user named on this machine (File → Open, the command line) read-only: a
   * session file or a journal, anywhere (the renderer can only name journals of the folder).
   */
  openSessionPath(file: string): Promise<Outcome<OpenedSession>>;
}

/**
 * One session model the views can show: an open port's (with its engine, journal, state truth and
 * clients), a closed port's (rows read back from its journal), a recording's, or none yet.
 */
interface View {
  /** The port session's id ("p1"); absent for a recording or the empty start. */
  id?: string;
  grouper: ExchangeGrouper;
  entryCount: number;
  /** The journal of the open session, or of the last one once closed: rows beyond the window come from it. */
  journalPath?: string;
  session?: OpenSession;
  state: PortState;
  batcher: Batcher<JournalRecord>;
  /** Its row in the port strip and the Rack overview (port sessions only). */
  row?: PortSessionRow;
  /** Checkpoints of journalPath's journal, so that old rows are regrouped from near them (journal-index.ts). */
  journalIndex?: JournalIndex;
}

interface OpenSession {
  path: string;
  transport: SerialTransport;
  engine: AtEngine;
  modem: ModemSession;
  journal: Journal;
  /** The journal as the engine writes it: on disk and into the live session model. */
  sink: JournalSink;
  demo?: DemoModem;
  startedAt: number;
  sampler?: RadioSampler;
}

function notVirtual<T>(): Outcome<T> {
  return fail({ code: 'demo.not-virtual', title: 'Fault injection needs the Virtual EC20', detail: 'A real modem cannot be told to misbehave.', nextStep: 'Open "Virtual EC20" from the port list.' });
}

function journalUnreadable<T>(err: unknown): Outcome<T> {
  return fail({ code: 'journal.unreadable', title: 'The session journal could not be read', detail: err instanceof Error ? err.message : String(err), nextStep: 'Check that the journal folder (About) still exists and is readable.' });
}

/** A file's content as the contract carries it: PEM text as is, anything else base64. */
function decodeContent(content: string, encoding: 'text' | 'base64'): Uint8Array {
  return encoding === 'base64' ? new Uint8Array(Buffer.from(content, 'base64')) : new TextEncoder().encode(content);
}

function alreadyOpen<T>(requested: string): Outcome<T> {
  return fail({ code: 'port.already-open', title: `${requested} is already open`, detail: 'A serial port can be held by one session only.', nextStep: 'Pick its tab in the port strip.' });
}

function notOpen<T>(what: string): Outcome<T> {
  return fail({ code: 'port.not-open', title: 'No port is open', detail: `Cannot ${what} without a modem.`, nextStep: 'Open the modem port (or the Virtual EC20) first.' });
}

export function createWorkbenchHost(opts: ServicesOptions): WorkbenchHost {
  const hub = new EventHub();
  const journalDir = opts.journalDir ?? defaultJournalDir();
  const log = opts.log ?? (() => {});
  const keys = opts.keys ?? fileKeyStore({ journalDir });
  const aliyun = createAliyunService({ keys, dir: opts.aliyunProfilesDir ?? defaultKeyDir() });
  const scripts = createScriptService({
    engine: () => view.session?.engine,
    records: async () => {
      if (recordingRecords) return ok(recordingRecords);
      if (!view.journalPath) return fail({ code: 'script.no-session', title: 'There is no session to save', detail: 'No port has been opened and no recording is shown.', nextStep: 'Open a port or a session first.' });
      view.session?.journal.flushNow();
      try {
        return ok((await readJournal(view.journalPath)).records);
      } catch (err) {
        return journalUnreadable(err);
      }
    },
    onProgress: (p) => hub.emit('onScriptProgress', p),
  });
  const rack = createRackService({ journalDir, onProgress: (p) => hub.emit('onRackProgress', p) });
  // The session model: every journal record is folded into log entries and exchanges; failures
  // are explained from the code catalogue. Each open port has its own (a View); the focused view is
  // the one every request and event of the single-session contract is about.
  const window: Partial<GrouperWindow> = { ...(opts.window?.entries !== undefined ? { entries: opts.window.entries } : {}), ...(opts.window?.exchanges !== undefined ? { exchanges: opts.window.exchanges } : {}) };
  /** Checkpoints of a view's journal, so that old rows are regrouped from near them (journal-index.ts). */
  const indexOf = (v: View, file: string): JournalIndex => (v.journalIndex?.path === file ? v.journalIndex : (v.journalIndex = new JournalIndex(file)));
  /** The recording shown read-only (until a port is opened), and its records when it is not a journal of the folder. */
  let recording: OpenedSession | undefined;
  let recordingRecords: JournalRecord[] | undefined;

  const newView = (id?: string): View => {
    const v: View = {
      ...(id ? { id } : {}),
      grouper: new ExchangeGrouper({ window }),
      entryCount: 0,
      state: { state: 'closed' },
      batcher: new Batcher<JournalRecord>((batch) => {
        for (const r of batch) v.grouper.push(r);
        // What the user is about to see is on disk first: a crash loses nothing that was shown.
        v.session?.journal.flushNow();
        publish(v);
      }, 30),
    };
    return v;
  };
  /** A view's new rows and exchanges: counted always, sent only while it is the one shown. */
  const publish = (v: View) => {
    const changes = v.grouper.takeChanges();
    v.entryCount += changes.entries.length;
    if (v !== view) return;
    if (changes.entries.length) hub.emit('onLogBatch', changes.entries.map(concealEntry));
    if (changes.exchanges.length) hub.emit('onExchanges', changes.exchanges.map(concealExchange));
  };
  /** The view shown: an open port's, the last closed one's, a recording's, or empty. */
  let view: View = newView();
  /** Every port session opened since start (closed and gone ones until dismissed), in opening order. */
  const ports: View[] = [];
  let nextId = 1;
  const openViews = () => ports.filter((v) => v.session);
  /** Journal sink that also feeds the view's live session model (after the record is on its way to disk). */
  const tee = (v: View, journal: Journal): JournalSink => ({
    append(record) {
      const written = journal.write(record); // numbered, secrets marked
      v.batcher.push(written);
      return written.seq;
    },
    appendBytes(mono, wall, dir, bytes) {
      const written = journal.writeBytes(mono, wall, dir, bytes);
      v.batcher.push(written);
      return written.seq;
    },
  });
  // The user's Auto-reconnect choice outlives a port: it applies to the next one opened too.
  const autoReconnect = new AutoReconnectSetting();
  // Radio sampling is opt-in (it adds commands to the log); like Auto-reconnect it outlives a port.
  let sampling: RadioSampling = { enabled: opts.radioSampling?.enabled ?? false, intervalMs: opts.radioSampling?.intervalMs ?? DEFAULT_SAMPLING_INTERVAL_MS };
  const startSampling = (s: OpenSession) => {
    s.sampler?.dispose();
    delete s.sampler;
    if (!sampling.enabled) return;
    s.sampler = startRadioSampler({ engine: s.engine, clock: realClock, intervalMs: sampling.intervalMs, busy: () => s.modem.isBusy() });
  };

  const rows = (): PortSessionRow[] => ports.flatMap((v) => (v.row ? [{ ...v.row, focused: v === view }] : []));
  const emitRows = () => hub.emit('onPortSessions', rows());
  const setRow = (v: View, next: PortSessionRow) => {
    v.row = next;
    emitRows();
  };

  const setState = (v: View, next: PortState) => {
    v.state = next;
    if (v === view) hub.emit('onPortState', next);
  };
  /** With the port gone nothing is known of the modem: every view says so at once. */
  const announceClosed = (path?: string) => {
    hub.emit('onModemState', { ...closedTruth(), port: { state: 'closed', ...(path ? { path } : {}) } });
    hub.emit('onModemStatus', { mqtt: {} });
    hub.emit('onSubscriptions', []);
  };

  /**
   * The open pass (journal-index.ts): grouped as it is read (the held window only: the records are
   * never all in memory), leaving checkpoints for paging the rows older than the window, and kept
   * as the journal's open index when it is large. `stop` ends it early (nothing is kept then). Fed
   * by whoever reads the journal: readForOpen, or the Sessions list's summary (one read for both).
   */
  function openPass(file: string, stop?: () => boolean) {
    const stamp = fileStamp(file);
    const filling = new ExchangeGrouper({ window });
    const index = new JournalIndex(file);
    const record = index.recorder(() => filling);
    let stopped = false;
    return {
      stamp,
      get stopped() {
        return stopped;
      },
      visit(r: JournalRecord): boolean {
        if (stopped || stop?.()) return !(stopped = true);
        filling.push(r);
        return true;
      },
      atKeyframe(offset: number): void {
        if (!stopped) record(offset);
      },
      /** The pass read to the end: its window is what the renderer is sent, and its open index is kept. */
      finish(o: OpenedJournal): { opened: OpenedJournal; grouper: ExchangeGrouper; index: JournalIndex } {
        // As an open from the writer's index does (journal-index.ts): the renderer is sent the window.
        filling.forgetChangesBeforeWindow();
        if (stamp) saveOpenIndex(o.path, stamp, window, { records: o.records, lines: o.lines, tornTail: o.tornTail, grouper: filling, index }, { minBytes: opts.openIndexMinBytes });
        return { opened: o, grouper: filling, index };
      },
    };
  }

  async function readForOpen(file: string, stop?: () => boolean, onProgress?: (done: number, total: number) => void): Promise<Outcome<{ opened: OpenedJournal; grouper: ExchangeGrouper; index: JournalIndex } | undefined>> {
    const pass = openPass(file, stop);
    const { stamp } = pass;
    const loaded = await streamJournalFromFolder(journalDir, file, (r) => pass.visit(r), {
      bytes: false,
      atKeyframe: (offset) => pass.atKeyframe(offset),
      ...(onProgress && stamp ? { onProgress: (done: number) => onProgress(done, stamp.size) } : {}),
    });
    if (!loaded.ok || pass.stopped) return loaded.ok ? ok(undefined) : loaded;
    return ok(pass.finish(loaded.value));
  }

  /**
   * The open pass of a journal run in the background: of the session that closed last, as it
   * closed, and of journals the Sessions list shows with no index (indexListed). Opening it from the
   * list is then a restore.
   */
  let indexing: { file: string; done: Promise<void> } | undefined;
  let shuttingDown = false;
  /** The journal the user is opening (resolved), and as they named it: a background pass of another one gives way. */
  let opening: { file: string; requested: string } | undefined;
  const tellOpenProgress = (file: string) => {
    let told = -1;
    return (done: number, total: number) => {
      if (opening?.file !== file) return;
      const percent = Math.floor((done / Math.max(1, total)) * 100);
      if (percent === told) return;
      told = percent;
      hub.emit('onJournalOpenProgress', { path: opening.requested, done, total });
    };
  };
  function indexInBackground(journal: string): Promise<void> | undefined {
    let file: string;
    try {
      file = fs.realpathSync(journal); // as openJournalFile names it
    } catch {
      return undefined;
    }
    const stamp = fileStamp(file);
    if (!stamp || stamp.size < (opts.openIndexMinBytes ?? OPEN_INDEX_MIN_BYTES)) return undefined;
    // Its writer's index opens it from near its end already: no whole pass to spend the machine on.
    const recorded = readRecordingIndex(file);
    if (recorded && openingCheckpoint(recorded, window)) return undefined;
    const done = readForOpen(file, givesWay(file), tellOpenProgress(file)).then(
      () => undefined,
      () => undefined,
    );
    markIndexing(file, done);
    return done;
  }

  /**
   * A port opened meanwhile, or the user opening another journal, has the machine: a background
   * pass stops (the journal is read when opened). The user opening this one waits for it, told how far.
   */
  const givesWay = (file: string) => () => openViews().length > 0 || shuttingDown || (opening !== undefined && opening.file !== file);
  function markIndexing(file: string, done: Promise<void>): { file: string; done: Promise<void> } {
    const mine = { file, done };
    indexing = mine;
    void done.finally(() => {
      if (indexing === mine) indexing = undefined;
    });
    return mine;
  }

  /**
   * Journals the Sessions list shows with no index of any kind (copied from another laptop, sent by
   * a field engineer, an older version's): the newest few are read for their open index, so that
   * opening one is a restore. A journal the listing has no summary of gets it from the same read as
   * its row (listingSummariser); one listed before (its row kept) is read here, in the background,
   * one after another. Why not a faster first view from near the end instead:
   * what the rows and exchanges there say depends on the whole session before them (the exchange and
   * row numbers, each client's server and connection, AT+CMEE, the QMTCFG timeouts), which only
   * reading every line before them gives; the view shown is always the one the whole pass gives.
   */
  const LISTED_TO_INDEX = 3;
  let listedQueue: Promise<void> = Promise.resolve();
  const queued = new Set<string>();
  function indexListed(listing: readonly SessionListing[]): void {
    const min = opts.openIndexMinBytes ?? OPEN_INDEX_MIN_BYTES;
    const todo = listing.filter((s) => !s.live && s.size >= min && !queued.has(s.path) && !hasIndex(s.path)).slice(0, LISTED_TO_INDEX);
    for (const s of todo) {
      queued.add(s.path);
      listedQueue = listedQueue
        .then(async () => {
          if (openViews().length || shuttingDown || opening) return;
          await indexInBackground(s.path);
        })
        .finally(() => queued.delete(s.path));
    }
  }

  /**
   * How the Sessions list summarises a journal it has no summary of: streamed; and for the newest
   * few with no index of any kind (those indexListed would read next), the same read is their open
   * pass too: the summary and the open index come of one read of the file, not two. When the open
   * pass gives way (a port opened, another journal being opened), the summary reads on alone.
   */
  function listingSummariser(): (file: string) => Promise<SummaryRead> {
    let left = LISTED_TO_INDEX;
    const min = opts.openIndexMinBytes ?? OPEN_INDEX_MIN_BYTES;
    return async (listed) => {
      let file: string;
      try {
        file = fs.realpathSync(listed); // as openJournalFile names it
      } catch {
        return summariseStreaming(listed);
      }
      const size = fileStamp(file)?.size ?? 0;
      if (left <= 0 || size < min || hasIndex(file) || indexing || openViews().length || shuttingDown || (opening && opening.file !== file)) return summariseStreaming(file);
      left--;
      const pass = openPass(file, givesWay(file));
      const progress = tellOpenProgress(file);
      const read = summarisePass(file, { also: (r) => pass.visit(r), atKeyframe: (offset) => pass.atKeyframe(offset), onProgress: (done) => progress(done, size) }).then(({ read, stream }) => {
        if (!pass.stopped) pass.finish({ path: file, records: read.summary.records, lines: read.summary.lines, tornTail: stream.tornTail });
        return read;
      });
      // Opening this journal meanwhile waits for the pass (told how far), then restores what it kept.
      const mine = markIndexing(
        file,
        read.then(
          () => undefined,
          () => undefined,
        ),
      );
      try {
        return await read;
      } finally {
        // Done now, for the next journal of this listing too (not a few ticks later).
        if (indexing === mine) indexing = undefined;
      }
    };
  }

  const portOpen = () => fail<never>({ code: 'journal.port-open', title: 'A port is open', detail: 'Opening a journal would replace the live session in the log and the diagram.', nextStep: 'Close the port first, then open the journal.' });
  /** Opens a journal of the folder (resolved) read-only: restored from an index when it has one, else read whole. */
  async function openFile(file: string): Promise<Outcome<OpenedSession>> {
    const show = (o: OpenedJournal, filling: ExchangeGrouper, index: JournalIndex): Outcome<OpenedSession> => {
      const opened: OpenedSession = { ...o, kind: 'journal', name: path.basename(o.path), ...(o.tornTail ? { damage: 'its last line was cut off (the writer stopped mid-line); it is left out' } : {}) };
      // Rows beyond the window, exchanges and exports are read from this journal, as for a closed session.
      installRecording(filling, opened, o.path);
      view.journalIndex = index;
      return ok(opened);
    };
    // The session that just closed may be being read already (in the background, since it closed).
    if (indexing?.file === file) await indexing.done;
    if (openViews().length) return portOpen();
    // Opened before and unchanged since: what that open made of it is restored (journal-index.ts).
    const saved = loadOpenIndex(file, window, { minBytes: opts.openIndexMinBytes });
    if (saved) return show({ path: file, records: saved.records, lines: saved.lines, tornTail: saved.tornTail }, saved.grouper, saved.index);
    // Recorded by the app: restored from its writer's index near the end, the last part read (journal-index.ts).
    let recorded: Awaited<ReturnType<typeof openFromRecordingIndex>>;
    try {
      recorded = await openFromRecordingIndex(file, window);
    } catch {
      recorded = undefined; // an unreadable index: the journal is read whole
    }
    if (openViews().length) return portOpen();
    if (recorded) return show({ path: file, records: recorded.records, lines: recorded.lines, tornTail: recorded.tornTail }, recorded.grouper, recorded.index);
    // No index: read whole once (its open index is kept for next time); the renderer is told how far.
    const read = await readForOpen(file, undefined, tellOpenProgress(file));
    if (!read.ok) return read;
    if (openViews().length) return portOpen(); // opened while the file was read
    const { opened, grouper: filling, index } = read.value!; // not stopped: read whole
    return show(opened, filling, index);
  }

  /** Shows another view: the renderer starts over and reads it back, as after a reload. */
  const focusView = (v: View) => {
    if (v === view) return;
    view.batcher.flush();
    view = v;
    hub.emit('onFocusChanged', v.id ? { id: v.id } : {});
    hub.emit('onPortState', v.state);
    hub.emit('onModemState', v.session ? v.session.modem.getTruth() : { ...closedTruth(), port: { state: 'closed', ...(v.state.path ? { path: v.state.path } : {}) } });
    emitRows();
  };
  /** The focused port closed: show another open one if there is one (the closed one keeps its row). */
  const refocusAfterClose = () => {
    const next = openViews()[0];
    if (next && !view.session) focusView(next);
  };

  async function teardown(v: View, s: OpenSession): Promise<void> {
    s.sampler?.dispose();
    s.modem.dispose();
    s.engine.dispose();
    if (s.transport.isOpen) await s.transport.close();
    v.batcher.flush();
    await s.journal.close();
    if (!shuttingDown) indexInBackground(s.journal.path);
    await s.demo?.stop();
    // The closed session lives on in its journal only; a new session may have started meanwhile.
    if (!v.session) v.grouper = new ExchangeGrouper({ window });
  }

  /**
   * Opens a port into a new view with its own engine, journal, state truth, clients and sampler.
   * `focus`: it replaces the view shown (openPort, as with one port); otherwise it runs beside.
   */
  async function openInto(requested: string, settings: z.output<typeof SerialSettingsSchema> | undefined, o: { focus: boolean; fault?: RackFault; numbered?: boolean }): Promise<Outcome<View>> {
    const id = `p${nextId++}`;
    const virtualCount = ports.filter((p) => p.row?.virtual).length;
    const isVirtual = requested === VIRTUAL_PORT_PATH;
    // One Virtual EC20 opened as before is 'Virtual EC20'; beside others they are told apart by number.
    const label = isVirtual ? (virtualCount > 0 || o.numbered ? `Virtual EC20 #${virtualCount + 1}` : 'Virtual EC20') : requested;
    const v = newView(id);
    const pending: PortSessionRow = { id, path: requested, label, virtual: isVirtual, focused: false, state: 'opening', mqtt: clientStates(closedTruth()), ...(o.fault ? { fault: o.fault } : {}) };
    // Opening is announced where it is shown: the shown view's state (as with one port), or a new row.
    // (An open port shown meanwhile keeps its own state: the new one's opening is in its row.)
    const replacing = o.focus && !view.session ? view : undefined;
    const announce = (st: PortState) => (replacing && replacing === view ? setState(replacing, st) : undefined);
    announce({ state: 'opening', path: requested });
    ports.push(v);
    setRow(v, pending);
    const dropRow = () => {
      ports.splice(ports.indexOf(v), 1);
      emitRows();
    };
    let demo: DemoModem | undefined;
    let devicePath = requested;
    if (isVirtual) {
      const started = await startDemoModem();
      if (!started.ok) {
        dropRow();
        announce({ state: 'closed', problem: started.problem });
        return started;
      }
      demo = started.value;
      if (o.fault) demo.inject(RACK_FAULT_INJECTIONS[o.fault]);
      devicePath = demo.hostPath;
    }
    const opened = await openSerial(devicePath, settings);
    if (!opened.ok) {
      await demo?.stop();
      dropRow();
      announce({ state: 'closed', problem: opened.problem });
      return opened;
    }
    const transport = opened.value;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const suffix = ports.length > 1 || !o.focus ? `-${id}` : '';
    // Indexed as it records: opening it later reads only its last part (session/recording-index.ts).
    const journal = openIndexedJournal(path.join(journalDir, `session-${stamp}${suffix}${JOURNAL_EXTENSION}`), { keys, onError: (err) => log(`journal: ${err.message}`) });
    // Who recorded it and on which port: the session list and exports read these back.
    const t0 = { mono: performance.now(), wall: Date.now() };
    journal.append({ ...t0, event: { type: 'session-started', app: 'modem-mqtt-workbench', version: opts.version } });
    journal.append({ ...t0, event: { type: 'port-opened', path: requested, settings: { ...defaultSerialSettings, ...settings } } });
    v.journalPath = journal.path;
    const sink = tee(v, journal);
    const engine = createQuectelEngine(transport, { journal: sink });
    // The session's own events: to the renderer while it is shown, into its row always.
    const own = new EventHub();
    own.on((name, payload) => {
      if (name === 'onModemState' && v.row && v.session) setRow(v, rowFromTruth(v.row, payload as ModemTruth));
      if (name === 'onWizardStep' && v.row) setRow(v, rowAfterStep(v.row, payload as BringupStepEvent));
      if (v === view) hub.emit(name, payload);
    });
    const modem = new ModemSession({
      engine,
      hub: own,
      portLabel: demo ? label : requested,
      // The virtual EC20 dials what it is told; with no server typed, the demo uses its embedded broker.
      ...(demo ? { defaultServer: { host: demo.embedded.host, port: demo.embedded.port, ...(demo.embedded.tlsPort !== undefined ? { tlsPort: demo.embedded.tlsPort } : {}) } } : {}),
      lastLogIndex: () => v.entryCount - 1,
      ...(opts.window?.messages !== undefined ? { keepMessages: opts.window.messages } : {}),
      autoReconnect,
      ...(opts.reconnectPolicy ? { reconnectPolicy: opts.reconnectPolicy } : {}),
    });
    const s: OpenSession = { path: requested, transport, engine, journal, sink, modem, startedAt: Date.now() };
    if (demo) s.demo = demo;
    v.session = s;
    startSampling(s);
    transport.onClose((reason) => {
      if (reason.kind === 'requested' || v.session !== s) return;
      v.session = undefined;
      void teardown(v, s);
      const problem: Problem = {
        code: 'port.lost',
        title: `${requested} went away`,
        detail: reason.detail,
        nextStep: 'Check the USB cable and that the modem is powered, then open the port again. Everything logged so far is kept.',
      };
      if (v.row) setRow(v, rowClosed(v.row, problem));
      if (v === view) announceClosed(requested);
      setState(v, { state: 'closed', path: requested, problem });
    });
    log(`opened ${requested}${demo ? ` (virtual EC20 on ${devicePath})` : ''} as ${id}; journal ${journal.path}`);
    const openedState: PortState = { state: 'open', path: requested, virtual: Boolean(demo), journalPath: journal.path, ...(demo ? { embeddedBroker: demo.embedded } : {}) };
    v.state = openedState;
    setRow(v, rowFromTruth({ ...pending, state: 'open', journalPath: journal.path }, modem.getTruth()));
    if (o.focus) {
      // A new port starts a new session model; the previous one stays in its journal file.
      recording = undefined;
      recordingRecords = undefined;
      const before = view;
      view = v;
      // Dropped from the list: the closed view it replaces, when it was no port's row.
      if (!before.id) before.batcher.flush();
      hub.emit('onFocusChanged', { id });
      setState(v, openedState);
      hub.emit('onModemState', modem.getTruth());
      emitRows();
    }
    return ok(v);
  }

  /** Closes one port's session; its row stays and says so. */
  async function closeView(v: View): Promise<void> {
    const s = v.session;
    v.session = undefined;
    if (s) await teardown(v, s);
    if (v.row && s) setRow(v, rowClosed(v.row));
    if (v === view) announceClosed(s?.path);
    setState(v, { state: 'closed', ...(s ? { path: s.path } : v.state.path ? { path: v.state.path } : {}) });
  }

  const rowOf = (v: View): PortSessionRow => ({ ...(v.row as PortSessionRow), focused: v === view });
  const findView = (id: string): Outcome<View> => {
    const v = ports.find((p) => p.id === id);
    return v ? ok(v) : fail({ code: 'port-session.unknown', title: `There is no port session ${id}`, detail: 'It was closed and dismissed, or the workbench restarted.', nextStep: 'Pick a port from the list of open ports.' });
  };

  const services: Services = {
    async getAppInfo() {
      const sim = simulatorSupport();
      const info: AppInfo = { mode: opts.mode, version: opts.version, platform: `${os.platform()} ${os.arch()}`, simulatorAvailable: sim.available, journalDir };
      if (sim.note) info.simulatorNote = sim.note;
      if (sim.noteMsg) info.simulatorNoteMsg = sim.noteMsg;
      return ok(info);
    },

    async listPorts() {
      const listed = await listSerialPorts();
      const sim = simulatorSupport();
      const virtual: PortInfo = { path: VIRTUAL_PORT_PATH, label: sim.available ? 'Virtual EC20 (demo modem, no hardware needed)' : `Virtual EC20 — unavailable: ${sim.note ?? ''}`, ...(sim.available ? { labelMsg: msg('ports.virtual') } : {}), virtual: true };
      // A failed listing must not hide the demo modem or the typed-path field: report it beside them.
      return ok(listed.ok ? { ports: [...describePorts(listed.value), virtual] } : { ports: [virtual], problem: listed.problem });
    },

    async probePorts(args) {
      let candidates: PortInfo[];
      if (args?.paths) candidates = args.paths.map((path) => ({ path }));
      else {
        const listed = await listSerialPorts();
        if (!listed.ok) return listed;
        candidates = describePorts(listed.value);
      }
      // The ports this app holds are known to answer; probing them would fight their engines.
      const held = new Set(openViews().map((v) => v.session?.path));
      return ok(await probePorts(candidates.filter((p) => !held.has(p.path))));
    },

    async getPortState() {
      return ok(view.state);
    },

    async openPort({ path: requested, settings }): Promise<Outcome<PortState>> {
      const session = view.session;
      if (session) {
        return fail({
          code: 'port.already-open',
          title: `${session.path} is already open`,
          detail: 'The workbench shows one modem port at a time; more open beside it from the port strip.',
          nextStep: 'Close the open port first, or add the port with "+" in the port strip.',
        });
      }
      if (requested !== VIRTUAL_PORT_PATH && openViews().some((v) => v.session?.path === requested)) return alreadyOpen(requested);
      // As with one port: a port closed on purpose is done with when the next one opens (a gone one stays, it says why).
      for (const v of ports.filter((p) => p.row?.state === 'closed')) ports.splice(ports.indexOf(v), 1);
      const opened = await openInto(requested, settings, { focus: true });
      return opened.ok ? ok(opened.value.state) : opened;
    },

    async closePort() {
      const v = view;
      await closeView(v);
      refocusAfterClose();
      return ok(v.state);
    },

    async listPortSessions() {
      return ok(rows());
    },

    async addPort({ path: requested, settings, fault, focus }) {
      if (requested !== VIRTUAL_PORT_PATH && openViews().some((v) => v.session?.path === requested)) return alreadyOpen(requested);
      // With nothing open, this starts a new set of ports: rows of ports closed or gone before are
      // done with (as openPort does), so they cannot pose as part of it.
      if (openViews().length === 0) {
        const stale = ports.filter((p) => p.row && p.row.state !== 'opening');
        for (const v of stale) ports.splice(ports.indexOf(v), 1);
        if (stale.length) emitRows();
      }
      // With nothing open, the first port is the one shown (as openPort).
      const opened = await openInto(requested, settings, { focus: focus || !view.session, numbered: true, ...(fault ? { fault } : {}) });
      return opened.ok ? ok(rowOf(opened.value)) : opened;
    },

    async focusPort({ id }) {
      const found = findView(id);
      if (!found.ok) return found;
      if (recording && !view.session) {
        recording = undefined;
        recordingRecords = undefined;
      }
      focusView(found.value);
      return ok(rowOf(found.value));
    },

    async closePortSession({ id }) {
      const found = findView(id);
      if (!found.ok) return found;
      const v = found.value;
      if (v.session) {
        await closeView(v);
        refocusAfterClose();
      } else {
        // A closed or gone port's row is dismissed; the view shown stays (its log is in the journal).
        ports.splice(ports.indexOf(v), 1);
        emitRows();
      }
      return ok(null);
    },

    async bringupAllPorts({ apn, host, port, clientIdPrefix }) {
      const open = openViews();
      if (open.length === 0) return notOpen('bring up all ports');
      const stamp = Math.random().toString(36).slice(2, 8);
      // The rack runner of `workbench bringup --port A --port B`: every port at once, one verdict each.
      const { verdicts, summary } = await runRack(
        'bringup',
        open.map((v) => v.row?.label ?? v.id ?? ''),
        async (label, i) => {
          const v = open[i] as View;
          const t0 = performance.now();
          const s = v.session;
          if (!s) return { port: label, ok: false, exitCode: 3, at: 'port', detail: 'The port closed.', durationMs: 0 };
          if (v.row) setRow(v, { ...v.row, bringup: { state: 'running', clientIdx: 0 } });
          const args = BringupArgs.parse({ clientId: `${clientIdPrefix ?? `wb-${stamp}`}-${i + 1}`, ...(apn ? { apn } : {}), ...(host ? { host } : {}), ...(port ? { port } : {}) });
          const r = await s.modem.bringup(args);
          const problem = r.ok ? r.value.problem : r.problem;
          const ready = r.ok && r.value.ready;
          if (!ready && v.row) setRow(v, { ...v.row, bringup: { state: 'failed', clientIdx: 0, ...(r.ok && r.value.failedStep ? { step: r.value.failedStep } : {}) }, ...(problem ? { lastError: { title: problem.title, code: problem.code } } : {}) });
          return {
            port: label,
            ok: ready,
            exitCode: ready ? 0 : problem?.code.startsWith('port.') ? 3 : 1,
            ...(ready ? {} : { at: (r.ok ? r.value.failedStep : undefined) ?? 'bringup', detail: problem?.title ?? 'failed' }),
            journal: s.journal.path,
            durationMs: performance.now() - t0,
          };
        },
      );
      return ok({ verdicts, summary: { ports: summary.ports, passed: summary.passed, failed: summary.failed, durationMs: summary.durationMs } });
    },

    async sendAt({ text, payload, timeoutMs }) {
      if (!view.session) return notOpen(`send ${text}`);
      view.session.modem.noteUserCommand(text);
      const req: Parameters<AtEngine['send']>[0] = { text };
      if (timeoutMs !== undefined) req.timeoutMs = timeoutMs;
      if (payload !== undefined) {
        const bytes = new TextEncoder().encode(payload);
        const end = payloadEndFor(text);
        // A fixed-length form takes exactly the bytes it announced (protocol.md quirk 7, §4.5): any other
        // count leaves the modem waiting or reads the rest as commands, so it is refused before sending.
        const want = end === 'fixed-length' ? announcedLength(text) : undefined;
        if (want !== undefined && want !== bytes.length) {
          return fail({ code: 'payload.length-mismatch', title: `${text} announces ${want} bytes but the payload has ${bytes.length}`, detail: `With a length, the modem takes exactly that many bytes and no Ctrl+Z (protocol.md quirk 7, §4.5); ${want > bytes.length ? 'it would keep waiting for more' : 'the rest would be read as commands'}.`, nextStep: `Change the length in the command to ${bytes.length}, or use the Files panel, which counts the bytes for you.` });
        }
        req.payload = { bytes, end };
      }
      const s = view.session;
      const out = await s.engine.send(req);
      s.journal.flushNow();
      // The console shows the answer lines: a secret they echo shows masked, as in the log.
      if (out.kind !== 'modem-error') return ok(maskOutcomeLines(out));
      // The engine only knows "rejected"; the catalogue knows why this command is refused here. The
      // session model knows the client's state from every line (console commands included), the
      // same context the log and the diagram explain this refusal with.
      view.batcher.flush();
      const seen = view.grouper.contextOfLine(out.final);
      const client = commandScope(parseCommand(text) ?? { name: '', form: 'exec', args: [] }).client;
      const state = client !== undefined ? s.modem.getStatus().mqtt[client]?.state : undefined;
      const connected = seen.connected ?? (state !== undefined ? state === 'connected' : undefined);
      return ok(maskOutcomeLines({ ...out, problem: problemFromLine(out.final, { ...seen, command: text, ...(connected !== undefined ? { connected } : {}) }) }));
    },

    async getLog(args) {
      view.batcher.flush();
      const from = args?.from ?? 0;
      const limit = args?.limit ?? 1_000_000;
      // A recording opened from a file is held whole; a live session and an opened journal hold
      // their newest rows (the journal's window was grouped as it was opened: no second read).
      const holds = view.session !== undefined || recording !== undefined;
      const held: LogEntry[] = holds ? view.grouper.entriesFrom(from, limit) : [];
      // Rows older than the window (or of a closed view.session) are regrouped from the journal.
      const firstHeld = holds ? view.grouper.held().firstEntry : Infinity;
      if (from >= firstHeld || !view.journalPath) return ok(held.map(concealEntry));
      view.session?.journal.flushNow();
      try {
        const index = indexOf(view, view.journalPath);
        index.adoptRecorded(); // the writer's checkpoints (a live session's grow as it records)
        const older = await pageLog(view.journalPath, from, Math.min(from + limit, firstHeld) - from, {}, index);
        return ok([...older, ...held].map(concealEntry));
      } catch (err) {
        return journalUnreadable(err);
      }
    },

    async getExchanges() {
      view.batcher.flush();
      // The held window (the renderer keeps its own copy of older ones); a closed session's from its journal.
      // An opened journal's window was grouped as it was opened, with the same window: held too.
      if (view.session || recording || !view.journalPath) return ok(view.grouper.snapshot().exchanges.map(concealExchange));
      try {
        return ok((await journalWindow(view.journalPath, window)).exchanges.map(concealExchange));
      } catch (err) {
        return journalUnreadable(err);
      }
    },

    async exportDiagram({ format, exchangeIds, lang }) {
      view.batcher.flush();
      let model = view.grouper.snapshot();
      // Beyond the window (or once closed) the whole session is drawn from the journal: redaction
      // looks for secrets in every line of it.
      if (view.journalPath && !(view.session && view.grouper.holdsWholeSession())) {
        view.session?.journal.flushNow();
        try {
          model = await journalModel(view.journalPath);
        } catch (err) {
          return journalUnreadable(err);
        }
      }
      // Redacted before drawing: a diagram goes into tickets.
      return ok(exportDiagram(selectExchanges(model, exchangeIds), format, { baseName: 'sequence', ...(lang ? { lang } : {}) }));
    },

    async explainLine({ text }) {
      // Successes are explained too ("+QMTOPEN: 0,0" — opened): the log shows meanings on hover.
      // The command the line answered decides how it reads (a read answer, a specific refusal).
      view.batcher.flush();
      const context = view.grouper.contextOfLine(text);
      return ok(explain(text, context) ? problemFromLine(text, context) : null);
    },

    async runBringup(args) {
      if (!view.session) return notOpen('run the wizard');
      if (!args.aliyun) return view.session.modem.bringup(args);
      // An Aliyun device: the endpoint and the login come from the prepared device, held here.
      const login = aliyun.login(args.aliyun.handle);
      if (!login.ok) return login;
      const { aliyun: _device, username: _u, password: _p, ...rest } = args;
      const { aliauth, username, password, ...server } = login.value;
      return view.session.modem.bringup({ ...rest, ...server, ...(aliauth ? { aliauth } : { username, password }) });
    },

    async runProbe(args) {
      const steps = view.session ? view.session.modem.getWizardSteps() : [];
      const modemConnected = steps.some((st) => st.id === 'ready' && st.status === 'passed');
      const e = view.session?.demo?.embedded;
      const settings = probeSettingsFrom(args, aliyun, { modemConnected, ...(e ? { defaultServer: { host: e.host, port: e.port, ...(e.tlsPort !== undefined ? { tlsPort: e.tlsPort } : {}) } } : {}) });
      if (!settings.ok) return settings;
      return probeAndCompare(settings.value, steps, view.session?.sink);
    },

    async aliyunPrepare(args) {
      return aliyun.prepare(args);
    },

    async aliyunReveal(args) {
      return aliyun.reveal(args);
    },

    async aliyunSaveProfile(args) {
      return aliyun.save(args);
    },

    async aliyunListProfiles() {
      return aliyun.list();
    },

    async aliyunLoadProfile(args) {
      return aliyun.load(args);
    },

    async runScript(args) {
      return scripts.run(args);
    },

    async cancelScript() {
      return scripts.cancel();
    },

    async runRack(args) {
      return rack.run(args);
    },

    async cancelRack() {
      return rack.cancel();
    },

    async scriptFromSession(args) {
      return scripts.fromSession(args ?? {});
    },

    async cancelBringup(args) {
      view.session?.modem.cancelBringup(args?.clientIdx);
      return ok(null);
    },

    async getModemStatus() {
      return ok(view.session ? view.session.modem.getStatus() : { mqtt: {} });
    },

    async getWizardSteps() {
      return ok(view.session ? view.session.modem.getWizardSteps() : []);
    },

    async getModemState() {
      return ok(view.session ? view.session.modem.getTruth() : closedTruth());
    },

    async mqttSubscribe(args) {
      return view.session ? view.session.modem.subscribe(args) : notOpen('subscribe');
    },

    async mqttUnsubscribe(args) {
      return view.session ? view.session.modem.unsubscribe(args) : notOpen('unsubscribe');
    },

    async mqttPublish(args) {
      return view.session ? view.session.modem.publish(args) : notOpen('publish');
    },

    async mqttDisconnect({ clientIdx }) {
      return view.session ? view.session.modem.endLink(clientIdx, 'disconnect') : notOpen('disconnect');
    },

    async mqttCloseNetwork({ clientIdx }) {
      return view.session ? view.session.modem.endLink(clientIdx, 'close') : notOpen('close the network');
    },

    async mqttReconnect({ clientIdx }) {
      return view.session ? view.session.modem.reconnect(clientIdx) : notOpen('reconnect');
    },

    async setAutoReconnect({ clientIdx, enabled }) {
      autoReconnect.set(enabled, clientIdx);
      // The choice is the app's, not one port's: every open port follows it.
      for (const v of openViews()) v.session?.modem.autoReconnectChanged();
      return ok({ enabled, ...(clientIdx !== undefined ? { clientIdx } : {}) });
    },

    async setRadioSampling({ enabled, intervalMs }) {
      sampling = { enabled, intervalMs: intervalMs ?? sampling.intervalMs };
      for (const v of openViews()) if (v.session) startSampling(v.session);
      return ok(sampling);
    },

    async getRadioSampling() {
      return ok(sampling);
    },

    async getTimeline() {
      let records: readonly JournalRecord[] = [];
      if (recordingRecords && recording) records = recordingRecords;
      else if (view.journalPath) {
        view.session?.journal.flushNow();
        try {
          records = (await readJournal(view.journalPath)).records;
        } catch (err) {
          return journalUnreadable(err);
        }
      }
      return ok(timelineOf(records));
    },

    async getSubscriptions() {
      return ok(view.session ? view.session.modem.getSubscriptions() : []);
    },

    async getMessages() {
      return ok(view.session ? view.session.modem.getMessages() : []);
    },

    async demoInjectFault(fault) {
      if (!view.session?.demo) return notVirtual();
      view.session.demo.inject(fault);
      return ok(null);
    },

    async demoSetProfile({ profile }) {
      if (!view.session?.demo) return notVirtual();
      view.session.demo.setProfile(profile);
      return ok(null);
    },

    async getRecoverableSession() {
      return ok((await findRecoverableSession(journalDir, { inUse: openViews().flatMap((v) => (v.session ? [v.session.journal.path] : [])) })) ?? null);
    },

    async openJournalFile({ path: requested }) {
      if (openViews().length) return portOpen();
      const inFolder = journalInFolder(journalDir, requested);
      if (!inFolder.ok) return inFolder;
      const file = inFolder.value;
      opening = { file, requested };
      try {
        return await openFile(file);
      } finally {
        if (opening?.file === file) opening = undefined;
      }
    },

    async listSessions() {
      const live = view.session ? { path: view.session.journal.path, lines: view.entryCount, port: view.session.path, startedAt: view.session.startedAt } : undefined;
      try {
        const listing = await listSessions(journalDir, { ...(live ? { live } : {}), summarise: listingSummariser() });
        if (!openViews().length) indexListed(listing);
        return ok(listing);
      } catch (err) {
        return journalUnreadable(err);
      }
    },

    async openSessionText({ name, text }) {
      if (openViews().length) return recordingPortOpen();
      return showRead(openRecordingText(path.basename(name), text));
    },

    async getOpenedSession() {
      return ok(view.session ? null : (recording ?? null));
    },

    async exportSession({ format, range, maskIds, lang }) {
      view.batcher.flush();
      let records: JournalRecord[];
      let source: string;
      if (recordingRecords && recording) {
        records = recordingRecords;
        source = recording.name;
      } else if (view.journalPath) {
        view.session?.journal.flushNow();
        hub.emit('onExportProgress', { phase: 'reading', done: 0, total: 1 });
        try {
          records = (await readJournal(view.journalPath)).records;
        } catch (err) {
          return journalUnreadable(err);
        }
        source = path.basename(view.journalPath);
      } else {
        return fail({ code: 'export.no-session', title: 'There is no session to export', detail: 'No port has been opened and no recording is shown.', nextStep: 'Open a port, or open a session from the Sessions list or a file, then export.' });
      }
      const suggested = exportFileName(source, format);
      let target: string;
      if (opts.chooseExportPath) {
        const chosen = await opts.chooseExportPath(suggested);
        if (!chosen) return fail({ code: 'export.cancelled', title: 'Export cancelled', detail: 'No file was chosen.', nextStep: 'Export again and pick where to save it.' });
        target = chosen;
      } else {
        const dir = exportsDirBeside(journalDir);
        try {
          fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        } catch (err) {
          return fail({ code: 'export.unwritable', title: 'The exports folder could not be made', detail: err instanceof Error ? err.message : String(err), nextStep: `Check that ${path.dirname(dir)} is writable.` });
        }
        target = path.join(dir, suggested);
      }
      let last = 0;
      const written = await writeExport(records, target, {
        format,
        range,
        maskIds,
        ...(lang ? { lang } : {}),
        environment: { app: 'modem-mqtt-workbench', appVersion: opts.version, os: `${os.platform()} ${os.release()} ${os.arch()}`, source },
        onProgress: (p) => {
          // At most ten a second: a million-record export must not flood the renderer.
          const now = Date.now();
          if (now - last < 100 && p.done < p.total) return;
          last = now;
          hub.emit('onExportProgress', p);
        },
      });
      if (written.ok) log(`exported ${written.value.format} to ${written.value.path}`);
      return written;
    },

    async readExportedFile({ fileName }) {
      const dir = exportsDirBeside(journalDir);
      const refuse = (detail: string) => fail<never>({ code: 'export.not-found', title: 'No such export', detail, nextStep: 'Export the session again.' });
      if (fileName !== path.basename(fileName) || fileName.startsWith('.')) return refuse(`${fileName} is not a file of the exports folder.`);
      const file = path.join(dir, fileName);
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        return refuse(`${file} does not exist.`);
      }
      if (!st.isFile()) return refuse(`${file} is not a file.`);
      if (st.size > MAX_SESSION_TEXT) return fail({ code: 'export.too-large', title: 'This export is too large to download through the page', detail: `${file} holds ${st.size} bytes.`, nextStep: `Take it from ${dir}.` });
      const mime = fileName.endsWith('.html') ? 'text/html' : fileName.endsWith('.jsonl') ? 'application/jsonl' : 'text/plain';
      return ok({ fileName, text: fs.readFileSync(file, 'utf8'), mime });
    },

    async dismissRecoverableSession({ path: requested }) {
      return dismissRecoverableSession(journalDir, requested);
    },

    async revealLogRow({ index }) {
      view.batcher.flush();
      // A held row came from the journal writer, clear; any other is read back, opened with the key.
      const holds = view.session !== undefined || recordingRecords !== undefined;
      const firstHeld = holds ? view.grouper.held().firstEntry : Infinity;
      let row = index >= firstHeld ? view.grouper.entriesFrom(index, 1)[0] : undefined;
      if (!row && view.journalPath) {
        view.session?.journal.flushNow();
        try {
          row = (await pageLog(view.journalPath, index, 1, { keys }))[0];
        } catch (err) {
          return journalUnreadable(err);
        }
      }
      if (!row?.secret?.length || row.secret.every(([a, b]) => row.text.slice(a, b) === SEALED_PLACEHOLDER)) return ok(null);
      return ok({ index, text: row.text, secret: row.secret });
    },

    async listModemFiles(args) {
      if (!view.session) return notOpen('list the modem\'s files');
      return listFiles(view.session.engine, args?.pattern !== undefined ? { pattern: args.pattern } : {});
    },

    async uploadModemFile({ name, content, encoding, replace }) {
      if (!view.session) return notOpen(`upload ${name}`);
      const bytes = decodeContent(content, encoding);
      // The journal marks the payload of a key upload as a secret (quectel/secrets.ts payloadSecrets).
      const r = await uploadFile(view.session.engine, name, bytes, { replace, onProgress: (p) => hub.emit('onFileUploadProgress', p) });
      if (r.ok) log(`uploaded ${name} (${r.value.size} bytes, checksum ${r.value.checksum})`);
      return r;
    },

    async deleteModemFile({ name }) {
      return view.session ? deleteFile(view.session.engine, name) : notOpen(`delete ${name}`);
    },

    async readSslContext({ ctx }) {
      return view.session ? readSslContext(view.session.engine, ctx) : notOpen('read an SSL context');
    },

    async writeSslContext({ ctx, settings }) {
      if (!view.session) return notOpen('write an SSL context');
      const s: SslContextSettings = {};
      for (const [k, v] of Object.entries(settings)) if (v !== undefined) (s as Record<string, unknown>)[k] = v;
      return writeSslContext(view.session.engine, ctx, s);
    },

    async checkCertificates(a) {
      // Each note in English and as a message, one for one (CertificateCheck.noteMsgs).
      const notes: string[] = [];
      const noteMsgs: Msg[] = [];
      const note = (m: Msg) => {
        notes.push(msgText(translator('en'), m));
        noteMsgs.push(m);
      };
      let at = new Date();
      let atSource: 'modem' | 'laptop' = 'laptop';
      if (a.modemClock && !a.ignoreLocalTime) {
        const clock = view.session ? await runDiagnostic(view.session.engine, 'clock') : undefined;
        const f = clock?.finding?.check === 'clock' ? clock.finding : undefined;
        if (f?.iso && !f.unset) {
          at = new Date(f.iso);
          atSource = 'modem';
        } else note(view.session ? msg('certCheck.clockUnused', { why: clock ? (clock.summaryMsg ?? clock.summary) : msg('certCheck.noAnswer') }) : msg('certCheck.noPortClock'));
      }
      let serverChain: Uint8Array[] | undefined;
      if (a.host && a.seclevel >= 1) {
        const probe = await fetchServerChain(a.host, a.port ?? MQTT_DEFAULTS.tlsPort);
        if (probe.ok) serverChain = probe.chain;
        else note(msg('certCheck.fetchFailed', { host: a.host, port: String(a.port ?? MQTT_DEFAULTS.tlsPort), reason: probe.reason }));
      }
      const r = checkCertificates({
        ...(a.ca ? { ca: decodeContent(a.ca.content, a.ca.encoding) } : {}),
        ...(a.clientCert ? { clientCert: decodeContent(a.clientCert.content, a.clientCert.encoding) } : {}),
        ...(a.clientKey ? { clientKey: decodeContent(a.clientKey.content, a.clientKey.encoding) } : {}),
        ...(a.host ? { host: a.host } : {}),
        seclevel: a.seclevel,
        sni: a.sni,
        ignoreLocalTime: a.ignoreLocalTime,
        at,
        atSource,
        ...(serverChain ? { serverChain } : {}),
      });
      return ok({ ...r, notes: [...notes, ...r.notes], noteMsgs: [...noteMsgs, ...(r.noteMsgs ?? [])] });
    },

    async runDiagnostic(a) {
      if (!view.session) return notOpen(`run the ${a.check} check`);
      return ok(
        await runDiagnostic(view.session.engine, a.check, {
          portPath: view.session.path,
          cid: a.cid,
          ...(a.host !== undefined ? { host: a.host } : {}),
          ...(a.timeoutS !== undefined ? { timeoutS: a.timeoutS } : {}),
          ...(a.count !== undefined ? { count: a.count } : {}),
        }),
      );
    },
  };

  function recordingPortOpen(): Outcome<never> {
    return fail({ code: 'journal.port-open', title: 'A port is open', detail: 'Opening a recording would replace the live session in the log and the diagram.', nextStep: 'Close the port first, then open the recording.' });
  }

  /**
   * Shows a recording read-only: its records go through the same model as a live session's, and
   * the views start over (log indexes from 0), as when a port is opened. A journal of the folder
   * is read back for rows beyond the window; any other recording is held whole.
   */
  function showRecording(records: JournalRecord[], opened: OpenedSession, fromJournal?: string): void {
    const filled = new ExchangeGrouper({ window: fromJournal ? window : { entries: Infinity, exchanges: Infinity } });
    for (const r of records) filled.push(r);
    installRecording(filled, opened, fromJournal, fromJournal ? undefined : records);
  }

  /** Shows a recording already grouped (a journal of the folder is grouped as it is streamed). */
  function installRecording(filled: ExchangeGrouper, opened: OpenedSession, fromJournal: string | undefined, records?: JournalRecord[]): void {
    // A view of its own: a closed port's view (its row) keeps its own model.
    view.batcher.flush();
    const v = newView();
    v.grouper = filled;
    if (fromJournal) v.journalPath = fromJournal;
    view = v;
    recordingRecords = records;
    recording = opened;
    publish(v);
    emitRows();
    hub.emit('onSessionOpened', opened);
    log(`opened ${opened.kind} ${opened.name} read-only${opened.damage ? ` (damaged: ${opened.damage})` : ''}`);
  }

  function showRead(read: Outcome<RecordingRead>): Outcome<OpenedSession> {
    if (!read.ok) return read;
    if (openViews().length) return recordingPortOpen();
    showRecording(read.value.records, read.value.opened);
    return ok(read.value.opened);
  }

  return {
    services,
    hub,
    async openSessionPath(file) {
      if (openViews().length) return recordingPortOpen();
      let text: string;
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        return fail({ code: 'session-file.unreadable', title: `${file} could not be read`, detail: e.code === 'ENOENT' ? 'There is no such file.' : e.message, nextStep: 'Check the path and the file permissions.' });
      }
      const read = openRecordingText(path.basename(file), text);
      if (read.ok) read.value.opened.path = path.resolve(file);
      return showRead(read);
    },
    shutdown: async () => {
      shuttingDown = true;
      await indexing?.done;
      for (const v of ports) {
        const s = v.session;
        v.session = undefined;
        if (s) await teardown(v, s);
      }
    },
    held: () => ({ ...view.grouper.held(), messages: view.session?.modem.getMessages().length ?? 0, sessionOpen: view.session !== undefined }),
  };
}
