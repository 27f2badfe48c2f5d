import type { StateCreator } from 'zustand';
import type { Workbench } from '../index';
import { initialOptionsState } from '../options/state';
import { initialStatusState } from '../status/state';
import { initialTopicsState } from '../topics/state';
import { initialWizardState, pendingSteps } from '../wizard/state';
import { loadClients } from './persist';
import { isClientIndex, pickView, type ClientView, type ClientsState } from './state';

export interface ClientsActions {
  /**
   * Shows client `idx` in the wizard and the topics panel. A client never shown before starts from
   * the settings of the one shown now (server, TLS, options), so a second connection is a few
   * fields away: 'tab' gives it its own client ID (two sessions with one ID throw each other off the
   * broker); 'field' (the client_idx typed into the form) keeps the form as it is, ID included.
   */
  selectClient(idx: number, how?: 'tab' | 'field'): void;
  /** Changes one client's fields, whether it is shown or not (an answer may come after a switch). */
  updateClient(idx: number, patch: (v: ClientView) => Partial<ClientView>): void;
  /** The port closed: every client's wizard ticks were about a modem that is gone. */
  resetClientRuns(): void;
}

export type ClientsSlice = ClientsState & ClientsActions;

/** A client's run and publish box as when nothing was done yet. */
function freshRun(): Omit<ClientView, 'form' | 'mqttOptions' | 'tlsForm' | 'tlsPicked' | 'portTyped'> {
  const { subTopic, subQos, subMore, pubTopic, pubQos, pubRetain, pubPayload, pubEncoding, topicsBusy } = initialTopicsState;
  return { steps: pendingSteps(), running: false, wizardProblem: undefined, verdict: undefined, subTopic, subQos, subMore, pubTopic, pubQos, pubRetain, pubPayload, pubEncoding, topicsBusy, topicsProblem: undefined, lastPublished: undefined, reconnectBusy: initialStatusState.reconnectBusy, reconnectResult: undefined, reconnectProblem: undefined };
}

/** 'workbench-demo' → 'workbench-demo-1'; 'site7-0' → 'site7-1'. */
export const clientIdFor = (id: string, idx: number): string => `${id.replace(/-[0-5]$/, '')}-${idx}`;

/** A client never shown before: the settings of `from`, its own index, nothing run. */
export function seedView(from: ClientView, idx: number, how: 'tab' | 'field'): ClientView {
  const clientId = how === 'tab' && from.form.clientId.trim() ? clientIdFor(from.form.clientId.trim(), idx) : from.form.clientId;
  return { ...freshRun(), form: { ...from.form, clientIdx: String(idx), clientId }, mqttOptions: from.mqttOptions, tlsForm: from.tlsForm, tlsPicked: from.tlsPicked, portTyped: from.portTyped };
}

/** A client heard of before it was ever shown (a step event of its run): default settings. */
function defaultView(idx: number): ClientView {
  return { ...freshRun(), form: { ...initialWizardState.form, clientIdx: String(idx) }, mqttOptions: initialOptionsState.mqttOptions, tlsForm: initialOptionsState.tlsForm, tlsPicked: {}, portTyped: false };
}

const stored = loadClients();

export const createClientsSlice: StateCreator<Workbench, [], [], ClientsSlice> = (set, get) => ({
  activeClient: stored.active,
  clientViews: Object.fromEntries(Object.entries(stored.views).map(([k, v]) => [k, { ...freshRun(), ...v, tlsPicked: {} } as ClientView])),
  // The active client's stored settings are the top-level fields (this slice is spread last).
  ...(stored.views[stored.active] ? { ...stored.views[stored.active], form: { ...stored.views[stored.active]!.form, clientIdx: String(stored.active) } } : { form: { ...initialWizardState.form, ...stored.legacyForm, clientIdx: String(stored.active) } }),
  selectClient(idx, how = 'tab') {
    const s = get();
    if (!isClientIndex(idx) || idx === s.activeClient) return;
    const current = pickView(s);
    // An index typed and not valid while it was shown is forgotten: the client is its index.
    const kept: ClientView = { ...current, form: { ...current.form, clientIdx: String(s.activeClient) } };
    const target = s.clientViews[idx] ?? seedView(kept, idx, how);
    set({ ...target, form: { ...target.form, clientIdx: String(idx) }, activeClient: idx, clientViews: { ...s.clientViews, [s.activeClient]: kept, [idx]: target } });
  },
  updateClient(idx, patch) {
    const s = get();
    if (idx === s.activeClient) {
      set(patch(pickView(s)));
      return;
    }
    const view = s.clientViews[idx] ?? defaultView(idx);
    set({ clientViews: { ...s.clientViews, [idx]: { ...view, ...patch(view) } } });
  },
  resetClientRuns() {
    const s = get();
    const views = Object.fromEntries(Object.entries(s.clientViews).map(([k, v]) => [k, v && !v.running ? { ...v, steps: pendingSteps(), verdict: undefined, wizardProblem: undefined, reconnectResult: undefined } : v]));
    set({ clientViews: views, ...(s.running ? {} : { steps: pendingSteps(), verdict: undefined }) });
  },
});
