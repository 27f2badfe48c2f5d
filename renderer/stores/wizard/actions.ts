import type { StateCreator } from 'zustand';
import { BRINGUP_STEP_IDS, bringupStepTitle, type BringupStepId } from '../../../shared/bringup';
import type { WizardStepState } from '../../../shared/status';
import type { Workbench } from '../index';
import { bringupOptionArgs } from '../options/args';
import { initialWizardState, type WizardForm, type WizardState } from './state';

export interface WizardActions {
  setWizardField<K extends keyof WizardForm>(key: K, value: WizardForm[K]): void;
  runWizard(fromStep?: BringupStepId): Promise<void>;
  cancelWizard(): Promise<void>;
  wizardStepChanged(step: WizardStepState): void;
}

export type WizardSlice = WizardState & WizardActions;

export const createWizardSlice: StateCreator<Workbench, [], [], WizardSlice> = (set, get) => ({
  ...initialWizardState,
  setWizardField(key, value) {
    set((s) => ({ form: { ...s.form, [key]: value }, ...(key === 'port' ? { portTyped: true } : {}) }));
  },
  async runWizard(fromStep) {
    const f = get().form;
    const from = fromStep ? BRINGUP_STEP_IDS.indexOf(fromStep) : 0;
    set((s) => ({
      running: true,
      verdict: undefined,
      wizardProblem: undefined,
      steps: s.steps.map((st) => (BRINGUP_STEP_IDS.indexOf(st.id) >= from ? { id: st.id, title: st.title, status: 'pending' } : st)),
    }));
    const args = {
      clientId: f.clientId.trim(),
      // Left empty: the bring-up's default for the transport (8883 with TLS, 1883 without).
      ...(f.port.trim() ? { port: Number(f.port) } : {}),
      tls: f.tls,
      clientIdx: Number(f.clientIdx),
      ...(f.apn.trim() ? { apn: f.apn.trim() } : {}),
      ...(f.host.trim() ? { host: f.host.trim() } : {}),
      ...(f.username ? { username: f.username } : {}),
      ...(f.password ? { password: f.password } : {}),
      ...(fromStep ? { fromStep } : {}),
      // Advanced and TLS sections (renderer/stores/options).
      ...bringupOptionArgs(get(), f.tls),
    };
    const r = await get().api.runBringup(args);
    if (!r.ok) set({ running: false, wizardProblem: r.problem, verdict: 'failed' });
    else set({ running: false, verdict: r.value.ready ? 'ready' : 'failed', wizardProblem: r.value.problem });
  },
  async cancelWizard() {
    await get().api.cancelBringup();
  },
  wizardStepChanged(step) {
    // The title is the shared definition's, whatever the event says, so a step keeps its name.
    const shown = { ...step, title: bringupStepTitle(step.id) };
    set((s) => {
      const known = s.steps.some((x) => x.id === step.id);
      return { steps: known ? s.steps.map((x) => (x.id === step.id ? shown : x)) : [...s.steps, shown] };
    });
  },
});
