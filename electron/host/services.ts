// The one object the contract is bound to. It owns the open port, its AT engine, the session
// journal and the in-memory log; it knows nothing about IPC, sockets or windows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedTruth } from '../../shared/modem-state';
import { DEFAULT_SAMPLING_INTERVAL_MS, MAX_SESSION_TEXT, VIRTUAL_PORT_PATH, type AppInfo, type OpenedSession, type PortState, type RadioSampling } from '../../shared/api';
import { realClock } from '../../shared/clock';
import { ExchangeGrouper, type GrouperHeld, type GrouperWindow } from '../../shared/exchanges';
import { commandScope, parseCommand } from '../../shared/protocol/fields';
import { defaultSerialSettings, type JournalRecord, type LogEntry, type PortInfo } from '../../shared/model';
import { fail, ok, type Outcome } from '../../shared/outcome';
import { msg } from '../../shared/i18n';
import { announcedLength, payloadEndFor } from '../quectel/at-dialect';
import { createQuectelEngine } from '../quectel/engine';
import type { AtEngine, JournalSink, SerialTransport } from '../at/types';
import { explain, problemFromLine } from '../quectel/codes';
import { probePorts } from '../quectel/probe';
import { describePorts } from '../quectel/usb-ids';
import { exportDiagram, selectExchanges } from '../session/model';
import { listPorts as listSerialPorts } from '../serial/ports';
import { openSerial } from '../serial/transport';
import { defaultJournalDir, JOURNAL_EXTENSION, openJournal, readJournal, type Journal } from '../session/journal';
import { defaultKeyDir, fileKeyStore, type KeyStore } from '../session/key-store';
import { SEALED_PLACEHOLDER } from '../session/seal';
import { concealEntry, concealExchange, maskOutcomeLines } from '../session/secret-marks';
import { exportFileName, exportsDirBeside, listSessions, openRecordingText, writeExport, type RecordingRead } from '../session/sessions';
import { dismissRecoverableSession, findRecoverableSession, streamJournalFromFolder } from '../session/recovery';
import { Batcher } from './batch';
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
import { createRackService } from './rack-service';
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
    engine: () => session?.engine,
    records: async () => {
      if (recordingRecords) return ok(recordingRecords);
      if (!journalPath) return fail({ code: 'script.no-session', title: 'There is no session to save', detail: 'No port has been opened and no recording is shown.', nextStep: 'Open a port or a session first.' });
      session?.journal.flushNow();
      try {
        return ok((await readJournal(journalPath)).records);
      } catch (err) {
        return journalUnreadable(err);
      }
    },
    onProgress: (p) => hub.emit('onScriptProgress', p),
  });
  const rack = createRackService({ journalDir, onProgress: (p) => hub.emit('onRackProgress', p) });
  // The session model: every journal record is folded into log entries and exchanges; failures
  // are explained from the code catalogue.
  const window: Partial<GrouperWindow> = { ...(opts.window?.entries !== undefined ? { entries: opts.window.entries } : {}), ...(opts.window?.exchanges !== undefined ? { exchanges: opts.window.exchanges } : {}) };
  let grouper = new ExchangeGrouper({ window });
  let entryCount = 0;
  /** The journal of the open session, or of the last one once closed: rows beyond the window come from it. */
  let journalPath: string | undefined;
  /** The recording shown read-only (until a port is opened), and its records when it is not a journal of the folder. */
  let recording: OpenedSession | undefined;
  let recordingRecords: JournalRecord[] | undefined;
  const publish = () => {
    const changes = grouper.takeChanges();
    entryCount += changes.entries.length;
    if (changes.entries.length) hub.emit('onLogBatch', changes.entries.map(concealEntry));
    if (changes.exchanges.length) hub.emit('onExchanges', changes.exchanges.map(concealExchange));
  };
  const batcher = new Batcher<JournalRecord>((batch) => {
    for (const r of batch) grouper.push(r);
    // What the user is about to see is on disk first: a crash loses nothing that was shown.
    session?.journal.flushNow();
    publish();
  }, 30);
  /** Journal sink that also feeds the live session model (after the record is on its way to disk). */
  const tee = (journal: Journal): JournalSink => ({
    append(record) {
      const written = journal.write(record); // numbered, secrets marked
      batcher.push(written);
      return written.seq;
    },
  });
  let session: OpenSession | undefined;
  let state: PortState = { state: 'closed' };
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

  const setState = (next: PortState) => {
    state = next;
    hub.emit('onPortState', next);
  };
  /** With the port gone nothing is known of the modem: every view says so at once. */
  const announceClosed = (path?: string) => {
    hub.emit('onModemState', { ...closedTruth(), port: { state: 'closed', ...(path ? { path } : {}) } });
    hub.emit('onModemStatus', { mqtt: {} });
    hub.emit('onSubscriptions', []);
  };

  async function teardown(s: OpenSession): Promise<void> {
    s.sampler?.dispose();
    s.modem.dispose();
    s.engine.dispose();
    if (s.transport.isOpen) await s.transport.close();
    batcher.flush();
    await s.journal.close();
    await s.demo?.stop();
    // The closed session lives on in its journal only; a new session may have started meanwhile.
    if (!session) grouper = new ExchangeGrouper({ window });
  }

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
      // The port this session holds is known to answer; probing it would fight the engine.
      const held = session?.path;
      return ok(await probePorts(candidates.filter((p) => p.path !== held)));
    },

    async getPortState() {
      return ok(state);
    },

    async openPort({ path: requested, settings }): Promise<Outcome<PortState>> {
      if (session) {
        return fail({
          code: 'port.already-open',
          title: `${session.path} is already open`,
          detail: 'The workbench talks to one modem port at a time.',
          nextStep: 'Close the open port first.',
        });
      }
      setState({ state: 'opening', path: requested });
      let demo: DemoModem | undefined;
      let devicePath = requested;
      if (requested === VIRTUAL_PORT_PATH) {
        const started = await startDemoModem();
        if (!started.ok) {
          setState({ state: 'closed', problem: started.problem });
          return started;
        }
        demo = started.value;
        devicePath = demo.hostPath;
      }
      const opened = await openSerial(devicePath, settings);
      if (!opened.ok) {
        await demo?.stop();
        setState({ state: 'closed', problem: opened.problem });
        return opened;
      }
      const transport = opened.value;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const journal = openJournal(path.join(journalDir, `session-${stamp}${JOURNAL_EXTENSION}`), { keys, onError: (err) => log(`journal: ${err.message}`) });
      // Who recorded it and on which port: the session list and exports read these back.
      const t0 = { mono: performance.now(), wall: Date.now() };
      journal.append({ ...t0, event: { type: 'session-started', app: 'modem-mqtt-workbench', version: opts.version } });
      journal.append({ ...t0, event: { type: 'port-opened', path: requested, settings: { ...defaultSerialSettings, ...settings } } });
      // A new port starts a new session model; the previous one stays in its journal file.
      grouper = new ExchangeGrouper({ window });
      recording = undefined;
      recordingRecords = undefined;
      entryCount = 0;
      journalPath = journal.path;
      const sink = tee(journal);
      const engine = createQuectelEngine(transport, { journal: sink });
      const modem = new ModemSession({
        engine,
        hub,
        portLabel: demo ? 'Virtual EC20' : requested,
        // The virtual EC20 dials what it is told; with no server typed, the demo uses its embedded broker.
        ...(demo ? { defaultServer: { host: demo.embedded.host, port: demo.embedded.port, ...(demo.embedded.tlsPort !== undefined ? { tlsPort: demo.embedded.tlsPort } : {}) } } : {}),
        lastLogIndex: () => entryCount - 1,
        ...(opts.window?.messages !== undefined ? { keepMessages: opts.window.messages } : {}),
        autoReconnect,
        ...(opts.reconnectPolicy ? { reconnectPolicy: opts.reconnectPolicy } : {}),
      });
      const s: OpenSession = { path: requested, transport, engine, journal, sink, modem, startedAt: Date.now() };
      if (demo) s.demo = demo;
      session = s;
      startSampling(s);
      transport.onClose((reason) => {
        if (reason.kind === 'requested' || session !== s) return;
        session = undefined;
        void teardown(s);
        announceClosed(requested);
        setState({
          state: 'closed',
          path: requested,
          problem: {
            code: 'port.lost',
            title: `${requested} went away`,
            detail: reason.detail,
            nextStep: 'Check the USB cable and that the modem is powered, then open the port again. Everything logged so far is kept.',
          },
        });
      });
      log(`opened ${requested}${demo ? ` (virtual EC20 on ${devicePath})` : ''}; journal ${journal.path}`);
      const opened_: PortState = { state: 'open', path: requested, virtual: Boolean(demo), journalPath: journal.path, ...(demo ? { embeddedBroker: demo.embedded } : {}) };
      setState(opened_);
      hub.emit('onModemState', modem.getTruth());
      return ok(opened_);
    },

    async closePort() {
      const s = session;
      session = undefined;
      if (s) await teardown(s);
      announceClosed(s?.path);
      setState({ state: 'closed', ...(s ? { path: s.path } : {}) });
      return ok(state);
    },

    async sendAt({ text, payload, timeoutMs }) {
      if (!session) return notOpen(`send ${text}`);
      session.modem.noteUserCommand(text);
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
      const s = session;
      const out = await s.engine.send(req);
      s.journal.flushNow();
      // The console shows the answer lines: a secret they echo shows masked, as in the log.
      if (out.kind !== 'modem-error') return ok(maskOutcomeLines(out));
      // The engine only knows "rejected"; the catalogue knows why this command is refused here. The
      // session model knows the client's state from every line (console commands included), the
      // same context the log and the diagram explain this refusal with.
      batcher.flush();
      const seen = grouper.contextOfLine(out.final);
      const client = commandScope(parseCommand(text) ?? { name: '', form: 'exec', args: [] }).client;
      const state = client !== undefined ? s.modem.getStatus().mqtt[client]?.state : undefined;
      const connected = seen.connected ?? (state !== undefined ? state === 'connected' : undefined);
      return ok(maskOutcomeLines({ ...out, problem: problemFromLine(out.final, { ...seen, command: text, ...(connected !== undefined ? { connected } : {}) }) }));
    },

    async getLog(args) {
      batcher.flush();
      const from = args?.from ?? 0;
      const limit = args?.limit ?? 1_000_000;
      // A recording opened from a file is held whole; a live session and an opened journal hold
      // their newest rows (the journal's window was grouped as it was opened: no second read).
      const holds = session !== undefined || recording !== undefined;
      const held: LogEntry[] = holds ? grouper.entriesFrom(from, limit) : [];
      // Rows older than the window (or of a closed session) are regrouped from the journal.
      const firstHeld = holds ? grouper.held().firstEntry : Infinity;
      if (from >= firstHeld || !journalPath) return ok(held.map(concealEntry));
      session?.journal.flushNow();
      try {
        const older = await pageLog(journalPath, from, Math.min(from + limit, firstHeld) - from);
        return ok([...older, ...held].map(concealEntry));
      } catch (err) {
        return journalUnreadable(err);
      }
    },

    async getExchanges() {
      batcher.flush();
      // The held window (the renderer keeps its own copy of older ones); a closed session's from its journal.
      // An opened journal's window was grouped as it was opened, with the same window: held too.
      if (session || recording || !journalPath) return ok(grouper.snapshot().exchanges.map(concealExchange));
      try {
        return ok((await journalWindow(journalPath, window)).exchanges.map(concealExchange));
      } catch (err) {
        return journalUnreadable(err);
      }
    },

    async exportDiagram({ format, exchangeIds }) {
      batcher.flush();
      let model = grouper.snapshot();
      // Beyond the window (or once closed) the whole session is drawn from the journal: redaction
      // looks for secrets in every line of it.
      if (journalPath && !(session && grouper.holdsWholeSession())) {
        session?.journal.flushNow();
        try {
          model = await journalModel(journalPath);
        } catch (err) {
          return journalUnreadable(err);
        }
      }
      // Redacted before drawing: a diagram goes into tickets.
      return ok(exportDiagram(selectExchanges(model, exchangeIds), format, { baseName: 'sequence' }));
    },

    async explainLine({ text }) {
      // Successes are explained too ("+QMTOPEN: 0,0" — opened): the log shows meanings on hover.
      // The command the line answered decides how it reads (a read answer, a specific refusal).
      batcher.flush();
      const context = grouper.contextOfLine(text);
      return ok(explain(text, context) ? problemFromLine(text, context) : null);
    },

    async runBringup(args) {
      if (!session) return notOpen('run the wizard');
      if (!args.aliyun) return session.modem.bringup(args);
      // An Aliyun device: the endpoint and the login come from the prepared device, held here.
      const login = aliyun.login(args.aliyun.handle);
      if (!login.ok) return login;
      const { aliyun: _device, username: _u, password: _p, ...rest } = args;
      const { aliauth, username, password, ...server } = login.value;
      return session.modem.bringup({ ...rest, ...server, ...(aliauth ? { aliauth } : { username, password }) });
    },

    async runProbe(args) {
      const steps = session ? session.modem.getWizardSteps() : [];
      const modemConnected = steps.some((st) => st.id === 'ready' && st.status === 'passed');
      const e = session?.demo?.embedded;
      const settings = probeSettingsFrom(args, aliyun, { modemConnected, ...(e ? { defaultServer: { host: e.host, port: e.port, ...(e.tlsPort !== undefined ? { tlsPort: e.tlsPort } : {}) } } : {}) });
      if (!settings.ok) return settings;
      return probeAndCompare(settings.value, steps, session?.sink);
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
      session?.modem.cancelBringup(args?.clientIdx);
      return ok(null);
    },

    async getModemStatus() {
      return ok(session ? session.modem.getStatus() : { mqtt: {} });
    },

    async getWizardSteps() {
      return ok(session ? session.modem.getWizardSteps() : []);
    },

    async getModemState() {
      return ok(session ? session.modem.getTruth() : closedTruth());
    },

    async mqttSubscribe(args) {
      return session ? session.modem.subscribe(args) : notOpen('subscribe');
    },

    async mqttUnsubscribe(args) {
      return session ? session.modem.unsubscribe(args) : notOpen('unsubscribe');
    },

    async mqttPublish(args) {
      return session ? session.modem.publish(args) : notOpen('publish');
    },

    async mqttDisconnect({ clientIdx }) {
      return session ? session.modem.endLink(clientIdx, 'disconnect') : notOpen('disconnect');
    },

    async mqttCloseNetwork({ clientIdx }) {
      return session ? session.modem.endLink(clientIdx, 'close') : notOpen('close the network');
    },

    async mqttReconnect({ clientIdx }) {
      return session ? session.modem.reconnect(clientIdx) : notOpen('reconnect');
    },

    async setAutoReconnect({ clientIdx, enabled }) {
      autoReconnect.set(enabled, clientIdx);
      session?.modem.autoReconnectChanged();
      return ok({ enabled, ...(clientIdx !== undefined ? { clientIdx } : {}) });
    },

    async setRadioSampling({ enabled, intervalMs }) {
      sampling = { enabled, intervalMs: intervalMs ?? sampling.intervalMs };
      if (session) startSampling(session);
      return ok(sampling);
    },

    async getRadioSampling() {
      return ok(sampling);
    },

    async getTimeline() {
      let records: readonly JournalRecord[] = [];
      if (recordingRecords && recording) records = recordingRecords;
      else if (journalPath) {
        session?.journal.flushNow();
        try {
          records = (await readJournal(journalPath)).records;
        } catch (err) {
          return journalUnreadable(err);
        }
      }
      return ok(timelineOf(records));
    },

    async getSubscriptions() {
      return ok(session ? session.modem.getSubscriptions() : []);
    },

    async getMessages() {
      return ok(session ? session.modem.getMessages() : []);
    },

    async demoInjectFault(fault) {
      if (!session?.demo) return notVirtual();
      session.demo.inject(fault);
      return ok(null);
    },

    async demoSetProfile({ profile }) {
      if (!session?.demo) return notVirtual();
      session.demo.setProfile(profile);
      return ok(null);
    },

    async getRecoverableSession() {
      return ok((await findRecoverableSession(journalDir, { inUse: session ? [session.journal.path] : [] })) ?? null);
    },

    async openJournalFile({ path: requested }) {
      const portOpen = () => fail<never>({ code: 'journal.port-open', title: 'A port is open', detail: 'Opening a journal would replace the live session in the log and the diagram.', nextStep: 'Close the port first, then open the journal.' });
      if (session) return portOpen();
      // Grouped as it is read (the held window only): the records are never all in memory.
      const filling = new ExchangeGrouper({ window });
      const loaded = await streamJournalFromFolder(journalDir, requested, (r) => filling.push(r));
      if (!loaded.ok) return loaded;
      if (session) return portOpen(); // opened while the file was read
      const o = loaded.value;
      const opened: OpenedSession = { ...o, kind: 'journal', name: path.basename(o.path), ...(o.tornTail ? { damage: 'its last line was cut off (the writer stopped mid-line); it is left out' } : {}) };
      // Rows beyond the window, exchanges and exports are read from this journal, as for a closed session.
      installRecording(filling, opened, o.path);
      return ok(opened);
    },

    async listSessions() {
      const live = session ? { path: session.journal.path, lines: entryCount, port: session.path, startedAt: session.startedAt } : undefined;
      try {
        return ok(await listSessions(journalDir, live ? { live } : {}));
      } catch (err) {
        return journalUnreadable(err);
      }
    },

    async openSessionText({ name, text }) {
      if (session) return recordingPortOpen();
      return showRead(openRecordingText(path.basename(name), text));
    },

    async getOpenedSession() {
      return ok(session ? null : (recording ?? null));
    },

    async exportSession({ format, range, maskIds }) {
      batcher.flush();
      let records: JournalRecord[];
      let source: string;
      if (recordingRecords && recording) {
        records = recordingRecords;
        source = recording.name;
      } else if (journalPath) {
        session?.journal.flushNow();
        hub.emit('onExportProgress', { phase: 'reading', done: 0, total: 1 });
        try {
          records = (await readJournal(journalPath)).records;
        } catch (err) {
          return journalUnreadable(err);
        }
        source = path.basename(journalPath);
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
      batcher.flush();
      // A held row came from the journal writer, clear; any other is read back, opened with the key.
      const holds = session !== undefined || recordingRecords !== undefined;
      const firstHeld = holds ? grouper.held().firstEntry : Infinity;
      let row = index >= firstHeld ? grouper.entriesFrom(index, 1)[0] : undefined;
      if (!row && journalPath) {
        session?.journal.flushNow();
        try {
          row = (await pageLog(journalPath, index, 1, { keys }))[0];
        } catch (err) {
          return journalUnreadable(err);
        }
      }
      if (!row?.secret?.length || row.secret.every(([a, b]) => row.text.slice(a, b) === SEALED_PLACEHOLDER)) return ok(null);
      return ok({ index, text: row.text, secret: row.secret });
    },

    async listModemFiles(args) {
      if (!session) return notOpen('list the modem\'s files');
      return listFiles(session.engine, args?.pattern !== undefined ? { pattern: args.pattern } : {});
    },

    async uploadModemFile({ name, content, encoding, replace }) {
      if (!session) return notOpen(`upload ${name}`);
      const bytes = decodeContent(content, encoding);
      // The journal marks the payload of a key upload as a secret (quectel/secrets.ts payloadSecrets).
      const r = await uploadFile(session.engine, name, bytes, { replace, onProgress: (p) => hub.emit('onFileUploadProgress', p) });
      if (r.ok) log(`uploaded ${name} (${r.value.size} bytes, checksum ${r.value.checksum})`);
      return r;
    },

    async deleteModemFile({ name }) {
      return session ? deleteFile(session.engine, name) : notOpen(`delete ${name}`);
    },

    async readSslContext({ ctx }) {
      return session ? readSslContext(session.engine, ctx) : notOpen('read an SSL context');
    },

    async writeSslContext({ ctx, settings }) {
      if (!session) return notOpen('write an SSL context');
      const s: SslContextSettings = {};
      for (const [k, v] of Object.entries(settings)) if (v !== undefined) (s as Record<string, unknown>)[k] = v;
      return writeSslContext(session.engine, ctx, s);
    },

    async checkCertificates(a) {
      const notes: string[] = [];
      let at = new Date();
      let atSource: 'modem' | 'laptop' = 'laptop';
      if (a.modemClock && !a.ignoreLocalTime) {
        const clock = session ? await runDiagnostic(session.engine, 'clock') : undefined;
        const f = clock?.finding?.check === 'clock' ? clock.finding : undefined;
        if (f?.iso && !f.unset) {
          at = new Date(f.iso);
          atSource = 'modem';
        } else notes.push(session ? `The module clock could not be used (${clock?.summary ?? 'no answer'}): dates checked at the laptop's time.` : 'No port is open: dates checked at the laptop\'s time.');
      }
      let serverChain: Uint8Array[] | undefined;
      if (a.host && a.seclevel >= 1) {
        const probe = await fetchServerChain(a.host, a.port ?? MQTT_DEFAULTS.tlsPort);
        if (probe.ok) serverChain = probe.chain;
        else notes.push(`The laptop could not fetch the server's certificate from ${a.host}:${a.port ?? MQTT_DEFAULTS.tlsPort} (${probe.reason}); the modem's path may differ.`);
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
      return ok({ ...r, notes: [...notes, ...r.notes] });
    },

    async runDiagnostic(a) {
      if (!session) return notOpen(`run the ${a.check} check`);
      return ok(
        await runDiagnostic(session.engine, a.check, {
          portPath: session.path,
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
    batcher.flush();
    grouper = filled;
    entryCount = 0;
    journalPath = fromJournal;
    recordingRecords = records;
    recording = opened;
    publish();
    hub.emit('onSessionOpened', opened);
    log(`opened ${opened.kind} ${opened.name} read-only${opened.damage ? ` (damaged: ${opened.damage})` : ''}`);
  }

  function showRead(read: Outcome<RecordingRead>): Outcome<OpenedSession> {
    if (!read.ok) return read;
    if (session) return recordingPortOpen();
    showRecording(read.value.records, read.value.opened);
    return ok(read.value.opened);
  }

  return {
    services,
    hub,
    async openSessionPath(file) {
      if (session) return recordingPortOpen();
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
      const s = session;
      session = undefined;
      if (s) await teardown(s);
    },
    held: () => ({ ...grouper.held(), messages: session?.modem.getMessages().length ?? 0, sessionOpen: session !== undefined }),
  };
}
