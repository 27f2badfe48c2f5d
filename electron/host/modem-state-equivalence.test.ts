// The state fold's fast paths (URCs it does not act on are not decoded, no catalogue explanation
// is looked up, repeated lines and commands are read once, the commands in flight are a list, no
// closure or rest pattern per record) change nothing: fold for fold, the same
// state as the plain fold kept in test-support/modem-state-reference.ts, record after record, on
// the recorded-style transcripts and on random sessions; and every line it leaves undecoded is
// one whose decoded event it would not act on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/model';
import { buildJournal } from '../session/transcript';
import { linkDropSession, qosSession, refusedConnectSession, successSession, timeoutSession } from '../session/fixtures';
import { decodeUrc, decodeUrcBare, type ModemEvent } from '../quectel/urc';
import { randomSession } from '../../test-support/random-session';
import * as reference from '../../test-support/modem-state-reference';
import { foldModemState, initialFold, STATE_LINE, type ModemStateFold } from './modem-state';

/** The fold as the reference keeps it: the commands in flight as an object keyed by their ids. */
function plain(f: ModemStateFold): unknown {
  const inflight: Record<number, unknown> = {};
  for (const { id, ...c } of f.inflight) inflight[id] = c;
  return { ...f, inflight };
}

/** Folds `records` both ways, comparing the whole fold (and whether it moved) after each record. */
function agree(records: readonly JournalRecord[]): void {
  let f = initialFold();
  let g = reference.initialFold();
  records.forEach((r, i) => {
    const nf = foldModemState(f, r);
    const ng = reference.foldModemState(g, r);
    const where = `record ${i}: ${JSON.stringify(r)}`;
    expect(nf === f, where).toBe(ng === g);
    expect(nf.truth === f.truth, where).toBe(ng.truth === g.truth);
    expect(JSON.stringify(plain(nf)), where).toBe(JSON.stringify(ng));
    // The commands in flight in the order the reference's object lists them.
    expect(nf.inflight.map((c) => String(c.id)), where).toEqual(Object.keys(ng.inflight));
    f = nf;
    g = ng;
  });
}

/** The events the fold acts on (electron/host/modem-state.ts onUrc and onMqttEvent). */
const ACTED_ON = new Set(['ready', 'registration', 'cfun', 'mqtt-status', 'mqtt-open', 'mqtt-conn', 'mqtt-disc', 'mqtt-close', 'mqtt-sub', 'mqtt-uns']);

describe('the state fold and its plain reference', () => {
  it.each([
    ['success', successSession],
    ['qos', qosSession],
    ['refused connect', refusedConnectSession],
    ['link drop', linkDropSession],
    ['timeout', timeoutSession],
  ])('agree on the %s transcript, and on the five one after another', (_name, steps) => {
    agree(buildJournal(steps));
    agree(buildJournal([...successSession, ...qosSession, ...refusedConnectSession, ...linkDropSession, ...timeoutSession].map((s, i) => ({ ...s, at: s.at + i * 1_000 }))));
  });

  it('agree on random sessions', () => {
    fc.assert(fc.property(randomSession(), agree), { numRuns: 400 });
  });

  it('leave undecoded only lines whose event the fold would not act on (and decode the others as decodeUrc does, but the explanation)', () => {
    const line = fc.tuple(fc.constantFrom('', ' ', '\r\n', '\t'), fc.string({ maxLength: 12 }), fc.constantFrom('+QMTSTAT:', '+QMTOPEN:', '+QMTCONN:', '+QMTDISC:', '+QMTCLOSE:', '+QMTSUB:', '+QMTUNS:', '+QMTPUB:', '+QMTPUBEX:', '+QMTRECV:', '+QMTPING:', '+CREG:', '+CGREG:', '+CEREG:', '+CFUN:', 'RDY', 'APP RDY', '+CPIN:', '+QIND:', '+QUSIM:', ''), fc.string({ maxLength: 12 }), fc.constantFrom(' 0,1', ' 0,0,0', ' 1', '0,2,1', ' 2,"1A2B","01A2B3C4",7', ''), fc.boolean());
    fc.assert(
      fc.property(line, ([lead, noise, name, mid, fields, lower]) => {
        for (const text of [`${lead}${name}${fields}`, `${lead}${noise}${name}${mid}${fields}`]) {
          const t = lower ? text.toLowerCase() : text;
          const { explanation: _explained, ...bare } = decodeUrc(t) as ModemEvent & { explanation?: unknown };
          expect(decodeUrcBare(t), t).toStrictEqual(bare);
          if (ACTED_ON.has(bare.type)) expect(STATE_LINE.test(t.trim()), t).toBe(true);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
