import { describe, expect, it } from 'vitest';
import { validateArgs } from './api';
import { BRINGUP_STEP_IDS } from './bringup';

describe('contract schemas', () => {
  it('accepts every bring-up step id as fromStep and refuses any other, naming the field', () => {
    for (const id of BRINGUP_STEP_IDS) expect(validateArgs('runBringup', { clientId: 'wb', fromStep: id })).toMatchObject({ ok: true, value: { fromStep: id } });
    const r = validateArgs('runBringup', { clientId: 'wb', fromStep: 'connnect' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.title).toBe('Invalid value for "fromStep" in runBringup');
      expect(r.problem.detail).toContain('connect');
    }
  });

  it('accepts the simulator\'s broker-stall fault, with its on/off switch and client', () => {
    expect(validateArgs('demoInjectFault', { kind: 'broker-stall', client: 1, on: true })).toEqual({ ok: true, value: { kind: 'broker-stall', client: 1, on: true } });
    expect(validateArgs('demoInjectFault', { kind: 'broker-stall', client: 1 }).ok).toBe(false);
    expect(validateArgs('demoInjectFault', { kind: 'broker-stall', client: 6, on: true }).ok).toBe(false);
    expect(validateArgs('demoInjectFault', { kind: 'meteor-strike' }).ok).toBe(false);
  });
});
