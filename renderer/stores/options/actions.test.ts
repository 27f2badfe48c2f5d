import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The stores pick window.workbench at import time: a contract stand-in that answers nothing.
  (globalThis as unknown as { window: unknown }).window ??= globalThis;
  (globalThis as unknown as { workbench: unknown }).workbench = new Proxy({}, { get: (_t, name: string) => (name.startsWith('on') ? () => () => undefined : async () => ({ ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } })) });
});

import { useWorkbench } from '../index';
import { initialWizardState } from '../wizard/state';
import { initialOptionsState } from './state';

const broker = { host: '127.0.0.1', port: 40713, tlsPort: 46365 };
const form = () => useWorkbench.getState().form;

beforeEach(() => useWorkbench.setState({ ...initialOptionsState, form: { ...initialWizardState.form } }));

describe('server fields, TLS and the embedded broker', () => {
  it('TLS moves the port to 8883 and back, unless the user typed one', () => {
    const s = useWorkbench.getState();
    s.chooseTls(true);
    expect(form()).toMatchObject({ tls: true, port: '8883' });
    s.chooseTls(false);
    expect(form().port).toBe('1883');
    s.setWizardField('port', '9000');
    s.chooseTls(true);
    expect(form()).toMatchObject({ tls: true, port: '9000' });
  });

  it('the Virtual EC20 prefills its broker, TLS picks its TLS listener, closing empties what was prefilled', () => {
    const s = useWorkbench.getState();
    s.embeddedBrokerChanged(broker);
    expect(form()).toMatchObject({ host: '127.0.0.1', port: '40713' });
    s.chooseTls(true);
    expect(form().port).toBe('46365');
    s.chooseTls(false);
    expect(form().port).toBe('40713');
    s.embeddedBrokerChanged(undefined);
    expect(form()).toMatchObject({ host: '', port: '1883' });
  });

  it('a server the user typed is never replaced', () => {
    const s = useWorkbench.getState();
    s.setWizardField('host', 'broker.example.net');
    s.embeddedBrokerChanged(broker);
    expect(form()).toMatchObject({ host: 'broker.example.net', port: '1883' });
    expect(useWorkbench.getState().embeddedBroker).toEqual(broker);
    // Another server with TLS: 8883, not the embedded broker's TLS port.
    s.chooseTls(true);
    expect(form().port).toBe('8883');
  });
});
