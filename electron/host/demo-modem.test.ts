import { describe, expect, it } from 'vitest';
import { FaultArgs } from '../../shared/api';
import { FAULT_KINDS } from '../simulator/faults';

describe('fault injection contract', () => {
  // The compile-time check in demo-modem.ts covers the types; this covers the schema at run time.
  it('offers exactly the faults the virtual modem knows', () => {
    const offered = FaultArgs.options.map((o) => o.shape.kind.value);
    expect([...offered].sort()).toEqual([...FAULT_KINDS].sort());
  });
});
