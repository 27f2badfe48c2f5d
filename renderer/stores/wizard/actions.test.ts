import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => {
  const runBringup: unknown[] = [];
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (globalThis as unknown as { window: unknown }).window ??= globalThis;
  (globalThis as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name.startsWith('on')
          ? () => () => undefined
          : async (args: unknown) => {
              if (name === 'runBringup') {
                runBringup.push(args);
                return { ok: true, value: { ready: true } };
              }
              return { ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } };
            },
    },
  );
  return { runBringup };
});

import { BRINGUP_STEPS } from '../../../shared/bringup';
import { useWorkbench } from '../index';

const titles = () => useWorkbench.getState().steps.map((s) => [s.id, s.title]);

describe('wizard slice', () => {
  it('shows every step with the shared title before and after its first event', () => {
    const before = titles();
    expect(before).toEqual(BRINGUP_STEPS.map((s) => [s.id, s.title]));
    for (const { id, title } of BRINGUP_STEPS) {
      useWorkbench.getState().wizardStepChanged({ id, title, status: 'running' });
      useWorkbench.getState().wizardStepChanged({ id, title, status: 'passed', detail: 'ok' });
    }
    expect(titles()).toEqual(before);
    // An event carrying another wording (an older main side) does not rename the step either.
    useWorkbench.getState().wizardStepChanged({ id: 'signal', title: 'Signal', status: 'passed', detail: '-71 dBm (good)' });
    expect(titles()).toEqual(before);
    expect(useWorkbench.getState().steps.find((s) => s.id === 'signal')).toMatchObject({ status: 'passed', detail: '-71 dBm (good)' });
  });

  it('retries from a step: it and the later ones go back to pending, the earlier ones stay', async () => {
    await useWorkbench.getState().runWizard('open');
    const status = Object.fromEntries(useWorkbench.getState().steps.map((s) => [s.id, s.status]));
    expect(status).toMatchObject({ pdp: 'passed', 'mqtt-config': 'passed', open: 'pending', connect: 'pending', ready: 'pending' });
    expect(calls.runBringup.at(-1)).toMatchObject({ fromStep: 'open' });
    expect(titles()).toEqual(BRINGUP_STEPS.map((s) => [s.id, s.title]));
  });
});
