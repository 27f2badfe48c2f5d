// @vitest-environment happy-dom
// The status bar shows the modem from the status fields (signal, registration, operator, IP).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (window as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    { get: (_t, name: string) => (name.startsWith('on') ? () => () => undefined : async () => ({ ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } })) },
  );
});

import type { WorkbenchApi } from '../../../shared/api';
import type { ReconnectResult } from '../../../shared/reconnect';
import { useWorkbench } from '../../stores';
import { TopicsPanel } from '../Topics/index';
import { StatusBar } from './index';

afterEach(cleanup);

describe('status bar', () => {
  it('formats signal, network and IP from fields, not from a text the main side wrote', () => {
    act(() =>
      useWorkbench.getState().modemStatusChanged({
        mqtt: { 0: { state: 'connected', server: 'broker.example.net:1883' } },
        modem: 'EC25 EC25EFAR06A06M4G',
        imei: '866758040123456',
        signal: { csq: { rssi: 0, ber: 99 }, dbm: -113, bound: 'or-less', quality: 'poor', text: '' },
        registration: 'roaming',
        accessTech: 'LTE',
        operator: 'Example Telecom',
        pdpIp: '10.64.3.7',
      }),
    );
    render(<StatusBar />);
    expect(screen.getByTestId('status-modem').textContent).toBe('Modem: EC25 EC25EFAR06A06M4G');
    expect(screen.getByTestId('status-modem').title).toBe('IMEI 866758040123456');
    expect(screen.getByTestId('status-signal').textContent).toBe('Signal: -113 dBm or less (poor)');
    expect(screen.getByTestId('status-signal').title).toBe('+CSQ: 0,99');
    expect(screen.getByTestId('status-registration').textContent).toBe('Network: roaming (LTE) on Example Telecom');
    expect(screen.getByTestId('status-pdp').textContent).toBe('IP: 10.64.3.7');
    expect(screen.getByTestId('status-mqtt-0').dataset.state).toBe('connected');
  });

  it('shows dashes for what no command has told yet', () => {
    act(() => useWorkbench.getState().modemStatusChanged({ mqtt: {} }));
    render(<StatusBar />);
    expect(screen.getByTestId('status-signal').textContent).toBe('Signal: —');
    expect(screen.getByTestId('status-registration').textContent).toBe('Network: —');
  });

  it('a dropped link shows why, and its Reconnect button reconnects that client and shows each step', async () => {
    const calls: unknown[] = [];
    const result: ReconnectResult = {
      connected: true,
      resubscribed: [{ clientIdx: 2, topic: 'site/#', qos: 1, granted: 1 }],
      notResubscribed: [],
      steps: [
        { id: 'open', title: 'Open the network connection to the server', status: 'passed' },
        { id: 'connect', title: 'MQTT connect', status: 'passed' },
        { id: 'subscribe', title: 'Subscribe again to site/# (QoS 1)', status: 'passed', detail: 'granted QoS 1' },
      ],
    };
    const api = { ...useWorkbench.getState().api, mqttReconnect: async (a: unknown) => (calls.push(a), { ok: true, value: result }) } as WorkbenchApi;
    act(() => {
      useWorkbench.setState({ api });
      useWorkbench.getState().selectClient(2);
      useWorkbench.getState().modemStatusChanged({
        mqtt: {
          2: {
            state: 'closed',
            problem: { code: 'qmtstat.1', title: 'The server closed or reset the connection.', detail: '+QMTSTAT: 2,1', nextStep: 'Reopen.' },
            reconnect: { auto: false, available: true, phase: 'idle' },
          },
        },
      });
    });
    render(
      <>
        <StatusBar />
        <TopicsPanel />
      </>,
    );
    expect(screen.getByTestId('status-mqtt-2').title).toBe('The server closed or reset the connection.');
    expect(screen.getByTestId('topics-link-problem').dataset.code).toBe('qmtstat.1');
    await act(async () => {
      fireEvent.click(screen.getByTestId('mqtt-reconnect'));
    });
    expect(calls).toEqual([{ clientIdx: 2 }]);
    expect(screen.getByTestId('mqtt-reconnect-result').dataset.connected).toBe('true');
    expect(screen.getByTestId('mqtt-reconnect-result').textContent).toContain('Subscribe again to site/# (QoS 1) — granted QoS 1');
  });

  it('shows the automatic attempts, and the Auto-reconnect checkbox switches it on the main side', async () => {
    const calls: unknown[] = [];
    const api = { ...useWorkbench.getState().api, setAutoReconnect: async (a: { enabled: boolean }) => (calls.push(a), { ok: true, value: { enabled: a.enabled } }) } as WorkbenchApi;
    act(() => {
      useWorkbench.setState({ api, autoReconnect: false });
      useWorkbench.getState().selectClient(0);
      useWorkbench.getState().modemStatusChanged({ mqtt: { 0: { state: 'closed', reconnect: { auto: false, available: true, phase: 'idle' } } } });
    });
    render(<TopicsPanel />);
    const box = screen.getByTestId('mqtt-auto-reconnect') as HTMLInputElement;
    expect(box.checked).toBe(false);
    await act(async () => {
      fireEvent.click(box);
    });
    expect(calls).toEqual([{ enabled: true }]);
    expect((screen.getByTestId('mqtt-auto-reconnect') as HTMLInputElement).checked).toBe(true);
    act(() => useWorkbench.getState().modemStatusChanged({ mqtt: { 0: { state: 'closed', reconnect: { auto: true, available: true, phase: 'waiting', attempt: 2, maxAttempts: 8, delayMs: 4000 } } } }));
    expect(screen.getByTestId('topics-reconnect-state').textContent).toBe('reconnect attempt 2 of 8 in 4 s');
  });
});
