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
import { i18n } from '../../i18n';
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

  it('speaks zh-CN: the verdict, the next step, the phases and both sides in Chinese; tokens as they are', async () => {
    const modem = { ok: false, step: 'connect' as const, problem: { code: 'connack.4', title: 'Refused: bad user name or password.', detail: '', nextStep: 'Check the credentials, the "aliauth" triple and the endpoint.' }, steps: [{ id: 'open' as const, title: 'open', status: 'passed' as const }, { id: 'connect' as const, title: 'connect', status: 'failed' as const }] };
    // The laptop's problem as the catalogue words it (a sentence it does not know stays English).
    const worded: ProbeResult = { ...result, problem: { ...result.problem!, nextStep: modem.problem.nextStep } };
    const runProbe = vi.fn(async () => ({ ok: true as const, value: { result: worded, comparison: compareProbe(modem, worded) } }));
    act(() => useWorkbench.setState({ api: { ...useWorkbench.getState().api, runProbe } as unknown as WorkbenchApi }));
    await act(async () => {
      await i18n.changeLanguage('zh-CN');
    });
    try {
      render(
        <>
          <TryLaptopButton />
          <ProbeView />
        </>,
      );
      await act(async () => {
        fireEvent.click(screen.getByTestId('wizard-try-laptop'));
      });
      const verdict = await screen.findByTestId('probe-verdict');
      expect(verdict.textContent).toContain('服务器拒绝了两端的这些凭据（CONNACK 4）：用户名或密码错误');
      expect(verdict.textContent).toContain('下一步：检查凭据、"aliauth" 三元组和接入点。');
      expect(verdict.textContent).not.toMatch(/refuses|credentials|Next/);
      expect(screen.getByTestId('probe-row-network').textContent).toContain('网络（模组：SIM、射频、PDP — 电脑：DNS）');
      // The modem's failed step: its name and the catalogue's problem, both in Chinese.
      expect(screen.getByTestId('probe-modem-connect').textContent).toMatch(/^✖MQTT 连接：拒绝连接：用户名或密码错误/);
      expect(screen.getByTestId('probe-laptop-setup').textContent).toContain('电脑直接使用相同的文件和选项');
    } finally {
      await act(async () => {
        await i18n.changeLanguage('en');
      });
    }
  });
});
