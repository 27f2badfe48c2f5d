import { describe, expect, it } from 'vitest';
import { FaultArgs, validateArgs } from '../../shared/api';
import { FAULT_KINDS } from '../simulator/faults';

describe('fault injection contract', () => {
  // The compile-time check in demo-modem.ts covers the types; this covers the schema at run time.
  it('offers exactly the faults the virtual modem knows', () => {
    const offered = FaultArgs.options.map((o) => o.shape.kind.value);
    expect([...offered].sort()).toEqual([...FAULT_KINDS].sort());
  });

  it('takes the module clock as an ISO time or ms since the epoch, and refuses anything else', () => {
    expect(validateArgs('demoInjectFault', { kind: 'clock', at: '2040-01-01T00:00:00Z' }).ok).toBe(true);
    expect(validateArgs('demoInjectFault', { kind: 'clock', at: 2_208_988_800_000 }).ok).toBe(true);
    expect(validateArgs('demoInjectFault', { kind: 'clock', at: 'soon' }).ok).toBe(false);
  });
});
