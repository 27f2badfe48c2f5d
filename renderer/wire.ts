// Subscribes to the contract's events once, for the whole app, and feeds the store.
import { api, onBridgeLost } from './api';
import { useWorkbench } from './stores';
import { saveClients } from './stores/clients/persist';
import { pickView } from './stores/clients/state';
import { forgetShownSession } from './views/Ports/focus';
import { usePorts } from './views/Ports/store';

export function wireEvents(): void {
  const s = () => useWorkbench.getState();
  api.onLogBatch((batch) => s().appendLog(batch));
  api.onExchanges((batch) => s().applyExchanges(batch));
  api.onPortState((state) => s().portStateChanged(state));
  api.onWizardStep((step) => s().wizardStepChanged(step));
  api.onModemStatus((status) => s().modemStatusChanged(status));
  api.onModemState((truth) => s().modemTruthChanged(truth));
  api.onSubscriptions((subs) => s().subscriptionsChanged(subs));
  api.onMqttMessage((m) => s().messageReceived(m));
  onBridgeLost(() => useWorkbench.setState({ bridgeLost: true }));
  api.onSessionOpened((opened) => s().sessionOpened(opened));
  api.onExportProgress((p) => s().exportProgressed(p));
  api.onJournalOpenProgress((p) => s().journalOpenProgressed(p));
  api.onFileUploadProgress((p) => s().uploadProgressed(p));
  // Closing the port keeps its session: say where it went (cleared when a port opens again).
  useWorkbench.subscribe((now, before) => {
    if (before.port.state === 'open' && now.port.state === 'closed') s().sessionSavedChanged(true);
    else if (now.port.state === 'open' && before.port.state !== 'open') s().sessionSavedChanged(false);
    // The Virtual EC20's embedded broker prefills the wizard's server (shown, not a silent override).
    if (now.port !== before.port) s().embeddedBrokerChanged(now.port.state === 'open' ? now.port.embeddedBroker : undefined);
  });
  // A banner goes when what it said is no longer true: the port opened or closed, or the client moved.
  useWorkbench.subscribe((now, before) => {
    const portMoved = now.port.state !== before.port.state && now.port.state !== 'opening';
    const idx = now.activeClient;
    const clientMoved = now.modemTruth.clients[idx]?.state !== before.modemTruth.clients[idx]?.state;
    if (!portMoved && !clientMoved) return;
    const clear: Partial<ReturnType<typeof s>> = {};
    if (now.topicsProblem) clear.topicsProblem = undefined;
    if (now.lastPublished) clear.lastPublished = undefined;
    if (now.reconnectProblem) clear.reconnectProblem = undefined;
    if (portMoved && now.reconnectResult) clear.reconnectResult = undefined;
    if (portMoved && now.wizardProblem && !now.running) clear.wizardProblem = undefined;
    if (Object.keys(clear).length) useWorkbench.setState(clear);
    // The wizard's ticks were about a port that is gone: every client starts over when it closes.
    if (portMoved && now.port.state === 'closed') s().resetClientRuns();
  });
  // Each client's settings (not its secrets) are kept for the next start.
  useWorkbench.subscribe((now, before) => {
    if (now.form === before.form && now.mqttOptions === before.mqttOptions && now.tlsForm === before.tlsForm && now.portTyped === before.portTyped && now.activeClient === before.activeClient && now.clientViews === before.clientViews) return;
    saveClients(now.activeClient, { ...now.clientViews, [now.activeClient]: pickView(now) });
  });
  api.onAppCommand(({ command }) => (command === 'export' ? s().setExportPanel(true) : s().showTab('sessions')));
  // Several ports open: their rows live; showing another one starts the stores over from it.
  api.onPortSessions((rows) => usePorts.getState().rowsChanged(rows));
  api.onFocusChanged(() => {
    forgetShownSession();
    hydrateShownSession();
  });
  void usePorts.getState().load();
  void s().loadAppInfo();
  void s().refreshPorts();
  hydrateShownSession();
}

/** Reads the session shown back from the main side: at start (a reload) and when another port is shown. */
function hydrateShownSession(): void {
  const s = () => useWorkbench.getState();
  void api.getPortState().then((r) => r.ok && s().portStateChanged(r.value));
  void api.getModemStatus().then((r) => r.ok && s().modemStatusChanged(r.value));
  void api.getModemState().then((r) => r.ok && s().modemTruthChanged(r.value));
  // The wizard's ticks of this port's last run (a reload keeps them).
  void api.getWizardSteps().then((r) => {
    if (!r.ok || r.value.length === 0) return;
    r.value.forEach((step) => s().wizardStepChanged(step));
    // Each client's verdict from its own steps.
    for (const idx of new Set(r.value.map((x) => x.clientIdx ?? s().activeClient))) {
      const mine = r.value.filter((x) => (x.clientIdx ?? s().activeClient) === idx);
      const verdict = mine.some((x) => x.status === 'failed') ? 'failed' : mine.some((x) => x.id === 'ready' && x.status === 'passed') ? 'ready' : undefined;
      if (verdict) s().updateClient(idx, (v) => (v.verdict ? {} : { verdict }));
    }
  });
  void api.getSubscriptions().then((r) => r.ok && s().subscriptionsChanged(r.value));
  void api.getMessages().then((r) => r.ok && r.value.forEach((m) => s().messageReceived(m)));
  // Catch up with lines logged before this page was opened.
  void s().catchUpLog();
  void s().loadExchanges();
  // A recording opened before this page (the command line, another window) is marked as one here too.
  void api.getOpenedSession().then((r) => r.ok && r.value && s().sessionOpened(r.value));
}
