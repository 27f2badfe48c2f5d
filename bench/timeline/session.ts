// A synthetic long session for the timeline benchmark, as the model's inputs: one radio sample
// (AT+CSQ and AT+QCSQ answers) every 10 s, messages in and out on two clients, a drop every
// twenty minutes with its reconnect, and the state truth the fold would give along the way.
import type { Exchange, LogEntry } from '../../shared/model';
import { closedTruth, type ModemTruth } from '../../shared/modem-state';
import type { TimelineSource, TruthPoint } from '../../shared/timeline/model';

export function syntheticSession(hours: number, samples: number, messages: number): TimelineSource {
  const t0 = Date.UTC(2026, 10, 30, 0, 0, 0);
  const span = hours * 3_600_000;
  const entries: LogEntry[] = [];
  const truth: TruthPoint[] = [];
  const exchanges: Exchange[] = [];
  const events: Array<{ t: number; make: () => void }> = [];
  const row = (t: number, dir: 'tx' | 'rx', kind: LogEntry['kind'], text: string, clientIdx?: number) =>
    entries.push({ index: entries.length, mono: t - t0, wall: t, dir, kind, text, ...(clientIdx !== undefined ? { clientIdx } : {}) });
  let state: ModemTruth = { ...closedTruth(), port: { state: 'open', path: 'virtual:ec20' }, network: { registration: 'home', pdpIp: '10.64.3.17' }, clients: { 0: { state: 'connected', subscriptions: [] }, 1: { state: 'connected', subscriptions: [] } } };
  truth.push({ wall: t0, truth: state });
  for (let i = 0; i < samples; i++) {
    const t = t0 + Math.floor((i * span) / samples);
    const rssi = 12 + Math.round(8 * Math.sin(i / 50) + 3 * Math.sin(i / 7));
    events.push({ t, make: () => {
      row(t, 'tx', 'command', 'AT+CSQ');
      row(t + 20, 'rx', 'response', `+CSQ: ${rssi},99`);
      row(t + 21, 'rx', 'final', 'OK');
      row(t + 30, 'tx', 'command', 'AT+QCSQ');
      row(t + 50, 'rx', 'response', `+QCSQ: "LTE",${-113 + 2 * rssi},${-135 + 2 * rssi},${100 + rssi},-10`);
      row(t + 51, 'rx', 'final', 'OK');
      state = { ...state, network: { ...state.network, signal: { rssi, ber: 99, dbm: -113 + 2 * rssi } } };
      truth.push({ wall: t + 20, truth: state });
    } });
  }
  for (let i = 0; i < messages; i++) {
    const t = t0 + Math.floor((i * span) / messages) + 3;
    const c = i % 2;
    events.push({ t, make: () => (i % 3 === 0 ? row(t, 'tx', 'command', `AT+QMTPUB=${c},0,0,0,"site/${c}/up","${i}"`, c) : row(t, 'rx', 'urc', `+QMTRECV: ${c},${i},"site/${c}/down","${i % 97}"`, c)) });
  }
  for (let t = t0 + 1_200_000; t < t0 + span; t += 1_200_000) {
    events.push({ t, make: () => {
      row(t, 'rx', 'urc', '+QMTSTAT: 0,1', 0);
      state = { ...state, clients: { ...state.clients, 0: { state: 'closed', subscriptions: [] } } };
      truth.push({ wall: t, truth: state });
      state = { ...state, clients: { ...state.clients, 0: { state: 'connected', subscriptions: [] } } };
      truth.push({ wall: t + 5_000, truth: state });
    } });
  }
  events.sort((a, b) => a.t - b.t);
  for (const e of events) e.make();
  return { entries, exchanges, truth };
}
