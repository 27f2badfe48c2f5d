// Where "Retry from here" really has to start: a step needs the client in the state the steps
// before it left it, and the modem may have moved since (protocol.md §6). After a refused CONNECT
// the broker closes the network (+QMTSTAT: i,1), so retrying "connect" opens again first; after a
// restart the module lost its settings and data context, so everything from "at" runs again. Pure.
import { BRINGUP_STEP_IDS, type BringupStepId } from '../../shared/bringup';
import type { ClientTruth } from '../../shared/modem-state';

const at = (id: BringupStepId) => BRINGUP_STEP_IDS.indexOf(id);
const earlier = (a: BringupStepId, b: BringupStepId): BringupStepId => (at(a) <= at(b) ? a : b);

/**
 * The step to run from, for a retry asked from `requested`, given the client as the modem has it
 * now and whether the modem restarted since the client's last connect. Never later than asked.
 */
export function retryStart(requested: BringupStepId, client: Pick<ClientTruth, 'state' | 'refusedConnack'> | undefined, restarted = false): BringupStepId {
  if (restarted && at(requested) > at('at')) return 'at';
  const state = client?.state ?? 'closed';
  let need = requested;
  // "ready" checks a connected client: anything else needs the connect again.
  if (need === 'ready' && state !== 'connected') need = 'connect';
  if (need === 'connect') {
    // CONNECT goes out on an open network with no session; a refused CONNACK's network is closing.
    if (state === 'closed' || state === 'opening' || (state === 'opened' && client?.refusedConnack !== undefined)) need = 'open';
    // A session still up (or half up) is freed by the configure step first (it disconnects or closes).
    else if (state !== 'opened') need = 'mqtt-config';
  }
  // An index the modem still holds answers AT+QMTOPEN with result 2: free it first.
  if (need === 'open' && state !== 'closed' && !(state === 'opened' && client?.refusedConnack !== undefined)) need = 'mqtt-config';
  return earlier(need, requested);
}
