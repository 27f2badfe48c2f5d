// @vitest-environment happy-dom
// The side-by-side view: "Try this server from the laptop" sends the wizard's settings (with the
// form's password, which never comes back), switches to the Laptop probe tab and shows the verdict,
// the phases of both sides and the laptop's stages.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  (window as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    { get: (_t, name: string) => (name.startsWith('on') ? () => () => undefined : async () => ({ ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } })) },
  );
});

import type { WorkbenchApi } from '../../../shared/api';
import { compareProbe, type ProbeResult } from '../../../shared/probe';
import { useWorkbench } from '../../stores';
import { ProbeView, TryLaptopButton } from './index';

afterEach(cleanup);

const result: ProbeResult = {
  ok: false,
  stage: 'mqtt',
  problem: { code: 'connack.4', title: 'Refused: bad user name or password.', detail: '', nextStep: 'Check the credentials.' },
  stages: [
    { stage: 'dns', status: 'passed', ms: 2, detail: 'broker.example.net → 192.0.2.7' },
    { stage: 'tcp', status: 'passed', ms: 21, detail: 'connected to 192.0.2.7:1883' },
    { stage: 'tls', status: 'skipped', ms: 0, detail: 'plain TCP: no TLS' },
    { stage: 'mqtt', status: 'failed', ms: 40, detail: 'CONNACK 4: Refused: bad user name or password.', code: 'connack.4', connack: 4 },
    { stage: 'roundtrip', status: 'skipped', ms: 0, detail: 'not run' },
  ],
  server: { host: 'broker.example.net', port: 1883, tls: false },
  startedAt: 0,
};

describe('the laptop probe view', () => {
  it('sends the wizard\'s settings, opens the tab and shows the verdict side by side', async () => {
    const modem = { ok: false, step: 'connect' as const, problem: { code: 'connack.4', title: 'Refused', detail: '', nextStep: '' }, steps: [{ id: 'open' as const, title: 'open', status: 'passed' as const }, { id: 'connect' as const, title: 'connect', status: 'failed' as const }] };
    const runProbe = vi.fn(async () => ({ ok: true as const, value: { result, comparison: compareProbe(modem, result) } }));
    act(() => {
      useWorkbench.setState({ api: { ...useWorkbench.getState().api, runProbe } as unknown as WorkbenchApi });
      const set = useWorkbench.getState().setWizardField;
      set('host', 'broker.example.net');
      set('port', '1883');
      set('clientId', 'dev-1');
      set('username', 'u');
      set('password', 'pw-typed-in-form');
    });
    render(
      <>
        <TryLaptopButton />
        <ProbeView />
      </>,
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId('wizard-try-laptop'));
    });
    expect(runProbe).toHaveBeenCalledWith(expect.objectContaining({ host: 'broker.example.net', port: 1883, clientId: 'dev-1', username: 'u', password: 'pw-typed-in-form' }));
    expect(useWorkbench.getState().activeTab).toBe('laptop');
    const verdict = await screen.findByTestId('probe-verdict');
    expect(verdict.dataset.side).toBe('server');
    expect(verdict.textContent).toContain('The server refuses these credentials from both (CONNACK 4)');
    expect(screen.getByTestId('probe-modem-connect').dataset.status).toBe('failed');
    expect(screen.getByTestId('probe-laptop-open').dataset.status).toBe('passed');
    expect(screen.getByTestId('probe-stage-mqtt').textContent).toContain('40 ms');
    expect(screen.getByTestId('probe-view').textContent).not.toContain('pw-typed-in-form');
  });
});
