import { BRINGUP_STEPS } from '../../../shared/bringup';
import type { Problem } from '../../../shared/outcome';
import type { WizardStepState } from '../../../shared/status';

export interface WizardForm {
  apn: string;
  host: string;
  port: string;
  tls: boolean;
  clientId: string;
  username: string;
  password: string;
  clientIdx: string;
}

export interface WizardState {
  form: WizardForm;
  steps: WizardStepState[];
  running: boolean;
  /** Problem with the form itself (validation), or the run's final verdict. */
  wizardProblem?: Problem;
  verdict?: 'ready' | 'failed';
}

/** Every step pending, with the one shared definition's titles (the runner emits the same). */
export const pendingSteps = (): WizardStepState[] => BRINGUP_STEPS.map(({ id, title }) => ({ id, title, status: 'pending' }));

export const initialWizardState: WizardState = {
  form: { apn: 'internet', host: '', port: '1883', tls: false, clientId: 'workbench-demo', username: '', password: '', clientIdx: '0' },
  steps: pendingSteps(),
  running: false,
};
