import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (globalThis as unknown as { window: unknown }).window ??= globalThis;
  (globalThis as unknown as { workbench: unknown }).workbench = new Proxy({}, { get: (_t, name: string) => (name.startsWith('on') ? () => () => undefined : async () => ({ ok: true, value: { ready: true } })) });
});

import { useWorkbench } from '../index';
import { loadClients, saveClients } from './persist';
import { pickView } from './state';

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  (globalThis as unknown as { localStorage: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) };
});

describe('every client its own settings and run', () => {
  it('a new client starts from the shown one\'s server with its own client ID; each keeps what was typed', () => {
    const s = () => useWorkbench.getState();
    s().setWizardField('host', 'broker-a.example.net');
    s().setWizardField('clientId', 'site7');
    s().selectClient(1);
    expect(s().form).toMatchObject({ host: 'broker-a.example.net', clientId: 'site7-1', clientIdx: '1' });
    s().setWizardField('host', 'broker-b.example.net');
    s().selectClient(0);
    expect(s().form).toMatchObject({ host: 'broker-a.example.net', clientId: 'site7', clientIdx: '0' });
    s().selectClient(1);
    expect(s().form.host).toBe('broker-b.example.net');
    // client_idx typed into the form moves the form as it is (client ID included) to a new client.
    s().setWizardField('clientIdx', '3');
    expect([s().activeClient, s().form.clientId]).toEqual([3, 'site7-1']);
    // An index that is not one stays as typed, for the field's message.
    s().setWizardField('clientIdx', '9');
    expect([s().activeClient, s().form.clientIdx]).toEqual([3, '9']);
  });

  it('an answer or a step event for a client not shown goes to that client', () => {
    const s = () => useWorkbench.getState();
    s().selectClient(0);
    s().wizardStepChanged({ id: 'connect', title: '', status: 'failed', clientIdx: 2 } as Parameters<ReturnType<typeof s>['wizardStepChanged']>[0]);
    expect(s().steps.find((x) => x.id === 'connect')?.status).not.toBe('failed');
    expect(s().clientViews[2]?.steps.find((x) => x.id === 'connect')?.status).toBe('failed');
    s().updateClient(2, () => ({ verdict: 'failed' }));
    s().selectClient(2);
    expect(s().verdict).toBe('failed');
  });

  it('stores every client\'s settings without secrets, and reads them back', () => {
    const s = useWorkbench.getState();
    const view = pickView(s);
    saveClients(4, { 4: { ...view, form: { ...view.form, host: 'mqtt.example.org', password: 'pw-secret' } }, 1: { ...view, form: { ...view.form, host: 'other.example.org' } } });
    expect([...store.values()].join()).not.toContain('pw-secret');
    const back = loadClients();
    expect(back.active).toBe(4);
    expect([back.views[4]?.form.host, back.views[4]?.form.clientIdx, back.views[4]?.form.password, back.views[1]?.form.host]).toEqual(['mqtt.example.org', '4', '', 'other.example.org']);
  });
});
