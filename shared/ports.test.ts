import { describe, expect, it } from 'vitest';
import { closedTruth } from './modem-state';
import { rowAfterStep, rowClosed, rowFromTruth, type PortSessionRow } from './ports';

const base: PortSessionRow = { id: 'p1', path: 'virtual:ec20', label: 'Virtual EC20 #1', virtual: true, focused: true, state: 'open', mqtt: [] };

describe('port rows', () => {
  it('take their facts from the truth, and drop every one of them when the port closes or goes away', () => {
    const truth = { ...closedTruth(), modem: { name: 'EC20F' }, network: { signal: { rssi: 20, ber: 0, dbm: -73 }, registration: 'home' }, clients: { 2: { state: 'connected' as const, subscriptions: [] } } };
    const live = rowAfterStep(rowFromTruth(base, truth), { id: 'ready', title: 'Ready', status: 'passed', clientIdx: 2 });
    expect(live).toMatchObject({ module: 'EC20F', signal: { rssi: 20, dbm: -73 }, registration: 'home', bringup: { state: 'passed', clientIdx: 2 } });
    expect(live.mqtt.map((m) => m.state)).toEqual(['closed', 'closed', 'connected', 'closed', 'closed', 'closed']);
    const gone = rowClosed(live, { code: 'port.lost', title: '/dev/ttyUSB2 went away', detail: '', nextStep: '' });
    expect(gone.state).toBe('lost');
    expect(gone.module ?? gone.signal ?? gone.registration ?? gone.bringup).toBeUndefined();
    expect(gone.mqtt.every((m) => m.state === 'closed')).toBe(true);
    expect(gone.lastError?.title).toMatch(/went away/);
    expect(rowClosed(live).state).toBe('closed');
  });

  it('a failed step is the last error; a later run moves the bring-up on without hiding it', () => {
    const failed = rowAfterStep(base, { id: 'sim', title: 'SIM ready', status: 'failed', problem: { code: 'sim.missing', title: 'No SIM card detected.', detail: '', nextStep: '' } });
    expect(failed.bringup).toEqual({ state: 'failed', step: 'sim' });
    expect(failed.lastError).toEqual({ title: 'No SIM card detected.', code: 'sim.missing' });
    expect(rowAfterStep(failed, { id: 'at', title: 'AT', status: 'running' }).bringup?.state).toBe('running');
  });
});
