import type { Workbench } from '../index';

export const wizardSelectors = {
  failedStep: (s: Workbench) => s.steps.find((x) => x.status === 'failed'),
  isConnected: (s: Workbench) => s.verdict === 'ready',
};
