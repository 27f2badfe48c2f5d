// @vitest-environment happy-dom
// The status bar shows the modem from the status fields (signal, registration, operator, IP).
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (window as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    { get: (_t, name: string) => (name.startsWith('on') ? () => () => undefined : async () => ({ ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } })) },
  );
});

import { useWorkbench } from '../../stores';
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
});
