import type { StateCreator } from 'zustand';
import { BRINGUP_STEP_IDS, bringupStepTitle, type BringupStepId } from '../../../shared/bringup';
import type { WizardStepState } from '../../../shared/status';
import type { Workbench } from '../index';
import { bringupOptionArgs } from '../options/args';
import { loadForm, saveForm } from './persist';
import { initialWizardState, type WizardForm, type WizardState } from './state';
import { wizardArgs, wizardFieldProblems } from './validate';

export interface WizardActions {
  setWizardField<K extends keyof WizardForm>(key: K, value: WizardForm[K]): void;
  runWizard(fromStep?: BringupStepId): Promise<void>;
  cancelWizard(): Promise<void>;
  wizardStepChanged(step: WizardStepState): void;
}

export type WizardSlice = WizardState & WizardActions;

export const createWizardSlice: StateCreator<Workbench, [], [], WizardSlice> = (set, get) => ({
  ...initialWizardState,
  form: loadForm(initialWizardState.form),
  setWizardField(key, value) {
    set((s) => ({ form: { ...s.form, [key]: value }, ...(key === 'port' ? { portTyped: true } : {}) }));
    saveForm(get().form);
  },
  async runWizard(fromStep) {
    const f = get().form;
    // A field the main side would refuse is named here, before anything is sent.
    const wrong = Object.values(wizardFieldProblems(f))[0];
    if (wrong) {
      set({ verdict: 'failed', wizardProblem: { code: 'invalid-argument', title: wrong, detail: '', nextStep: 'Correct the field marked in the form, then Connect.' } });
      return;
    }
    const from = fromStep ? BRINGUP_STEP_IDS.indexOf(fromStep) : 0;
    set((s) => ({
      running: true,
      verdict: undefined,
      wizardProblem: undefined,
      steps: s.steps.map((st) => (BRINGUP_STEP_IDS.indexOf(st.id) >= from ? { id: st.id, title: st.title, status: 'pending' } : st)),
    }));
    // Advanced and TLS sections come from renderer/stores/options.
    const r = await get().api.runBringup({ ...wizardArgs(f, fromStep), ...bringupOptionArgs(get(), f.tls) });
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
