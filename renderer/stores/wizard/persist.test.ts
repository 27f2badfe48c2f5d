import { beforeEach, describe, expect, it } from 'vitest';
import { loadForm, saveForm } from './persist';

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  (globalThis as unknown as { localStorage: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) };
});

const defaults = { host: '', port: '1883', clientId: 'workbench-demo', password: '', deviceSecret: '', tls: false };

describe('the wizard form across a reload', () => {
  it('keeps every field but the secrets', () => {
    saveForm({ ...defaults, host: 'broker.example.net', port: '8883', password: 'pw-1', deviceSecret: 'ds-1', tls: true });
    expect([...store.values()].join()).not.toMatch(/pw-1|ds-1/);
    expect(loadForm(defaults)).toEqual({ ...defaults, host: 'broker.example.net', port: '8883', tls: true });
  });

  it('ignores a stored field of another type, an unknown field, and unreadable storage', () => {
    store.set('workbench.wizard.form.v1', JSON.stringify({ port: 8883, extra: 'x', clientId: 'kept' }));
    expect(loadForm(defaults)).toEqual({ ...defaults, clientId: 'kept' });
    store.set('workbench.wizard.form.v1', '{not json');
    expect(loadForm(defaults)).toEqual(defaults);
  });
});
