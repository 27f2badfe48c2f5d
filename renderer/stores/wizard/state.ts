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

/** The wizard's steps in order (ids match electron/quectel/bringup.ts). */
export const WIZARD_STEPS: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'port', title: 'Port opens' },
  { id: 'at', title: 'Modem answers AT' },
  { id: 'echo-cmee', title: 'Echo off, verbose errors on' },
  { id: 'identity', title: 'Identity (model, firmware, IMEI)' },
  { id: 'sim', title: 'SIM ready' },
  { id: 'signal', title: 'Signal' },
  { id: 'registration', title: 'Registered on the network' },
  { id: 'pdp', title: 'APN set, PDP context active' },
  { id: 'mqtt-config', title: 'MQTT options' },
  { id: 'open', title: 'Open network (TCP/TLS)' },
  { id: 'connect', title: 'MQTT connect' },
  { id: 'ready', title: 'Ready' },
];

export const initialWizardState: WizardState = {
  form: { apn: 'internet', host: '', port: '1883', tls: false, clientId: 'workbench-demo', username: '', password: '', clientIdx: '0' },
  steps: WIZARD_STEPS.map((s) => ({ ...s, status: 'pending' })),
  running: false,
};
