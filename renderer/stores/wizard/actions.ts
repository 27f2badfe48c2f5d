import type { StateCreator } from 'zustand';
import { BRINGUP_STEP_IDS, bringupStepTitle, type BringupStepId } from '../../../shared/bringup';
import type { WizardStepState } from '../../../shared/status';
import { t } from '../../i18n';
import type { Workbench } from '../index';
import { bringupOptionArgs } from '../options/args';
import { isClientIndex } from '../clients/state';
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
  setWizardField(key, value) {
    // A valid client_idx typed into the form moves the form to that client (each client keeps its own).
    const idx = key === 'clientIdx' && String(value).trim() !== '' ? Number(value) : NaN;
    if (isClientIndex(idx) && idx !== get().activeClient) return get().selectClient(idx, 'field');
    set((s) => ({ form: { ...s.form, [key]: value }, ...(key === 'port' ? { portTyped: true } : {}) }));
  },
  async runWizard(fromStep) {
    const f = get().form;
    const idx = get().activeClient;
    const { updateClient } = get();
    // A field the main side would refuse is named here, before anything is sent.
    const wrong = Object.values(wizardFieldProblems(f))[0];
    if (wrong) {
      set({ verdict: 'failed', wizardProblem: { code: 'invalid-argument', title: wrong, detail: '', nextStep: t('wizard.fixField') } });
      return;
    }
    const from = fromStep ? BRINGUP_STEP_IDS.indexOf(fromStep) : 0;
    updateClient(idx, (s) => ({
      running: true,
      verdict: undefined,
      wizardProblem: undefined,
      steps: s.steps.map((st) => (BRINGUP_STEP_IDS.indexOf(st.id) >= from ? { id: st.id, title: st.title, status: 'pending' } : st)),
    }));
    // Advanced and TLS sections come from renderer/stores/options.
    const r = await get().api.runBringup({ ...wizardArgs(f, fromStep), ...bringupOptionArgs(get(), f.tls) });
    // The answer goes to the client that ran, also when another one is shown by now.
    if (!r.ok) updateClient(idx, () => ({ running: false, wizardProblem: r.problem, verdict: 'failed' }));
    else updateClient(idx, () => ({ running: false, verdict: r.value.ready ? 'ready' : 'failed', wizardProblem: r.value.problem }));
  },
  async cancelWizard() {
    await get().api.cancelBringup({ clientIdx: get().activeClient });
  },
  wizardStepChanged(step) {
    // The title is the shared definition's, whatever the event says, so a step keeps its name.
    const { clientIdx, ...rest } = step as typeof step & { clientIdx?: number };
    const shown = { ...rest, title: bringupStepTitle(step.id) };
    get().updateClient(clientIdx ?? get().activeClient, (s) => {
      const known = s.steps.some((x) => x.id === step.id);
      return { steps: known ? s.steps.map((x) => (x.id === step.id ? shown : x)) : [...s.steps, shown] };
    });
  },
});
