// The connection wizard's steps as plain data, shared by the main side (which runs them) and the
// renderer (which shows them). No Node, no DOM.
import type { Problem } from './outcome';
import type { WizardStepState } from './status';

/** The bring-up steps, in the order they run. */
export const BRINGUP_STEPS = [
  { id: 'port', title: 'Open the serial port' },
  { id: 'at', title: 'Modem answers AT' },
  { id: 'echo-cmee', title: 'Echo off, verbose errors' },
  { id: 'identity', title: 'Identify the module' },
  { id: 'sim', title: 'SIM ready' },
  { id: 'signal', title: 'Signal strength' },
  { id: 'registration', title: 'Registered on the network' },
  { id: 'pdp', title: 'Mobile data (PDP context)' },
  { id: 'mqtt-config', title: 'Configure the MQTT client' },
  { id: 'open', title: 'Open the network connection to the server' },
  { id: 'connect', title: 'MQTT connect' },
  { id: 'ready', title: 'Ready' },
] as const;

export type BringupStepId = (typeof BRINGUP_STEPS)[number]['id'];

export const isBringupStepId = (s: string): s is BringupStepId => BRINGUP_STEPS.some((st) => st.id === s);

/** One step event as the runner emits it; the same shape the wizard view renders. */
export interface BringupStepEvent extends WizardStepState {
  id: BringupStepId;
  status: 'running' | 'passed' | 'failed' | 'skipped';
}

/** How a bring-up ended: ready, or the step that failed with the catalogue's explanation. */
export interface BringupResult {
  ok: boolean;
  /** The failed step (or the last step run). */
  step: BringupStepId;
  problem?: Problem;
  steps: BringupStepEvent[];
}
