// The one object the contract is bound to. It owns the open port, its AT engine, the session
// journal and the in-memory log; it knows nothing about IPC, sockets or windows.
import os from 'node:os';
import path from 'node:path';
import { VIRTUAL_PORT_PATH, type AppInfo, type PortState } from '../../shared/api';
import { ExchangeGrouper, type GrouperHeld, type GrouperWindow } from '../../shared/exchanges';
import { commandScope, parseCommand } from '../../shared/protocol/fields';
import type { JournalRecord, LogEntry, PortInfo } from '../../shared/model';
import { fail, ok, type Outcome } from '../../shared/outcome';
import { payloadEndFor } from '../quectel/at-dialect';
import { createQuectelEngine } from '../quectel/engine';
import type { AtEngine, JournalSink, SerialTransport } from '../at/types';
import { explain, problemFromLine } from '../quectel/codes';
import { probePorts } from '../quectel/probe';
import { describePorts } from '../quectel/usb-ids';
import { exportDiagram, selectExchanges } from '../session/model';
import { listPorts as listSerialPorts } from '../serial/ports';
import { openSerial } from '../serial/transport';
import { defaultJournalDir, JOURNAL_EXTENSION, openJournal, type Journal } from '../session/journal';
import { fileKeyStore, type KeyStore } from '../session/key-store';
import { SEALED_PLACEHOLDER } from '../session/seal';
import { concealEntry, concealExchange, maskOutcomeLines } from '../session/secret-marks';
import { dismissRecoverableSession, findRecoverableSession, loadJournalFromFolder } from '../session/recovery';
import { Batcher } from './batch';
import { journalModel, journalWindow, pageLog } from './log-pages';
import type { Services } from './dispatch';
import { EventHub } from './event-hub';
import { simulatorSupport, startDemoModem, type DemoModem } from './demo-modem';
import { ModemSession } from './modem-session';
import { AutoReconnectSetting, type ReconnectPolicy } from './reconnect';

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
  /** Seals the journals' secrets (Electron: the OS keyring; default: a key file in the user's config folder). */
  keys?: KeyStore;
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
}

interface OpenSession {
  path: string;
  transport: SerialTransport;
  engine: AtEngine;
  modem: ModemSession;
  journal: Journal;
  demo?: DemoModem;
}

function notVirtual<T>(): Outcome<T> {
  return fail({ code: 'demo.not-virtual', title: 'Fault injection needs the Virtual EC20', detail: 'A real modem cannot be told to misbehave.', nextStep: 'Open "Virtual EC20" from the port list.' });
}

function journalUnreadable<T>(err: unknown): Outcome<T> {
  return fail({ code: 'journal.unreadable', title: 'The session journal could not be read', detail: err instanceof Error ? err.message : String(err), nextStep: 'Check that the journal folder (About) still exists and is readable.' });
}

function notOpen<T>(what: string): Outcome<T> {
  return fail({ code: 'port.not-open', title: 'No port is open', detail: `Cannot ${what} without a modem.`, nextStep: 'Open the modem port (or the Virtual EC20) first.' });
}

export function createWorkbenchHost(opts: ServicesOptions): WorkbenchHost {
  const hub = new EventHub();
  const journalDir = opts.journalDir ?? defaultJournalDir();
  const log = opts.log ?? (() => {});
  const keys = opts.keys ?? fileKeyStore({ journalDir });
  // The session model: every journal record is folded into log entries and exchanges; failures
  // are explained from the code catalogue.
  const window: Partial<GrouperWindow> = { ...(opts.window?.entries !== undefined ? { entries: opts.window.entries } : {}), ...(opts.window?.exchanges !== undefined ? { exchanges: opts.window.exchanges } : {}) };
  let grouper = new ExchangeGrouper({ window });
  let entryCount = 0;
  /** The journal of the open session, or of the last one once closed: rows beyond the window come from it. */
  let journalPath: string | undefined;
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

  const setState = (next: PortState) => {
    state = next;
    hub.emit('onPortState', next);
  };

  async function teardown(s: OpenSession): Promise<void> {
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
      return ok(info);
    },

    async listPorts() {
      const listed = await listSerialPorts();
      const sim = simulatorSupport();
      const virtual: PortInfo = { path: VIRTUAL_PORT_PATH, label: sim.available ? 'Virtual EC20 (demo modem, no hardware needed)' : `Virtual EC20 — unavailable: ${sim.note ?? ''}`, virtual: true };
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
      // A new port starts a new session model; the previous one stays in its journal file.
      grouper = new ExchangeGrouper({ window });
      entryCount = 0;
      journalPath = journal.path;
      const engine = createQuectelEngine(transport, { journal: tee(journal) });
      const modem = new ModemSession({
        engine,
        hub,
        portLabel: demo ? 'Virtual EC20' : requested,
        // The virtual EC20 sends every open to its embedded broker, whatever host is named.
        ...(demo ? { defaultServer: { host: 'broker.workbench.local', port: 1883 } } : {}),
        lastLogIndex: () => entryCount - 1,
        ...(opts.window?.messages !== undefined ? { keepMessages: opts.window.messages } : {}),
        autoReconnect,
        ...(opts.reconnectPolicy ? { reconnectPolicy: opts.reconnectPolicy } : {}),
      });
      const s: OpenSession = { path: requested, transport, engine, journal, modem };
      if (demo) s.demo = demo;
      session = s;
      transport.onClose((reason) => {
        if (reason.kind === 'requested' || session !== s) return;
        session = undefined;
        void teardown(s);
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
      const opened_: PortState = { state: 'open', path: requested, virtual: Boolean(demo), journalPath: journal.path };
      setState(opened_);
      return ok(opened_);
    },

    async closePort() {
      const s = session;
      session = undefined;
      if (s) await teardown(s);
      setState({ state: 'closed', ...(s ? { path: s.path } : {}) });
      return ok(state);
    },

    async sendAt({ text, payload, timeoutMs }) {
      if (!session) return notOpen(`send ${text}`);
      session.modem.noteUserCommand(text);
      const req: Parameters<AtEngine['send']>[0] = { text };
      if (timeoutMs !== undefined) req.timeoutMs = timeoutMs;
      if (payload !== undefined) {
        req.payload = { bytes: new TextEncoder().encode(payload), end: payloadEndFor(text) };
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
      const held: LogEntry[] = session ? grouper.entriesFrom(from, limit) : [];
      // Rows older than the window (or of a closed session) are regrouped from the journal.
      const firstHeld = session ? grouper.held().firstEntry : Infinity;
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
      if (session || !journalPath) return ok(grouper.snapshot().exchanges.map(concealExchange));
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
      return session ? session.modem.bringup(args) : notOpen('run the wizard');
    },

    async cancelBringup() {
      session?.modem.cancelBringup();
      return ok(null);
    },

    async getModemStatus() {
      return ok(session ? session.modem.getStatus() : { mqtt: {} });
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

    async mqttReconnect({ clientIdx }) {
      return session ? session.modem.reconnect(clientIdx) : notOpen('reconnect');
    },

    async setAutoReconnect({ clientIdx, enabled }) {
      autoReconnect.set(enabled, clientIdx);
      session?.modem.autoReconnectChanged();
      return ok({ enabled, ...(clientIdx !== undefined ? { clientIdx } : {}) });
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
      const loaded = await loadJournalFromFolder(journalDir, requested);
      if (!loaded.ok) return loaded;
      if (session) return portOpen(); // opened while the file was read
      // Read-only: the journal's records go through the same model as a live session's, and the
      // views start over (log indexes from 0), as when a port is opened.
      batcher.flush();
      grouper = new ExchangeGrouper({ window });
      entryCount = 0;
      for (const r of loaded.value.records) grouper.push(r);
      // Rows beyond the window, exchanges and exports are read from this journal, as for a closed session.
      journalPath = loaded.value.opened.path;
      publish();
      log(`opened journal ${loaded.value.opened.path} read-only`);
      return ok(loaded.value.opened);
    },

    async dismissRecoverableSession({ path: requested }) {
      return dismissRecoverableSession(journalDir, requested);
    },

    async revealLogRow({ index }) {
      batcher.flush();
      // A held row came from the journal writer, clear; any other is read back, opened with the key.
      const firstHeld = session ? grouper.held().firstEntry : Infinity;
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
  };

  return {
    services,
    hub,
    shutdown: async () => {
      const s = session;
      session = undefined;
      if (s) await teardown(s);
    },
    held: () => ({ ...grouper.held(), messages: session?.modem.getMessages().length ?? 0, sessionOpen: session !== undefined }),
  };
}
