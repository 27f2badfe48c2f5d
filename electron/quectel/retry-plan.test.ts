import { describe, expect, it } from 'vitest';
import type { BringupStepId } from '../../shared/bringup';
import type { MqttClientState } from '../../shared/status';
import { retryStart } from './retry-plan';

describe('where a retry starts', () => {
  it.each<[BringupStepId, MqttClientState | undefined, number | undefined, BringupStepId]>([
    // After +QMTCONN: 0,0,4 and +QMTSTAT: 0,1 the network is closed: open, then connect.
    ['connect', 'closed', undefined, 'open'],
    ['connect', undefined, undefined, 'open'],
    // Refused CONNACK, +QMTSTAT not here yet: the broker closes it anyway.
    ['connect', 'opened', 4, 'open'],
    ['connect', 'opened', undefined, 'connect'],
    ['connect', 'connected', undefined, 'mqtt-config'],
    ['ready', 'connected', undefined, 'ready'],
    ['ready', 'closed', undefined, 'open'],
    ['open', 'closed', undefined, 'open'],
    ['open', 'connected', undefined, 'mqtt-config'],
    ['pdp', 'connected', undefined, 'pdp'],
    ['signal', 'closed', undefined, 'signal'],
  ])('retry from %s with the client %s (CONNACK %s) runs from %s', (asked, state, connack, start) => {
    expect(retryStart(asked, state ? { state, ...(connack !== undefined ? { refusedConnack: connack } : {}) } : undefined)).toBe(start);
  });

  it('after a modem restart runs everything from "at" again', () => {
    expect(retryStart('connect', { state: 'closed' }, true)).toBe('at');
    expect(retryStart('port', { state: 'closed' }, true)).toBe('port');
  });
});
