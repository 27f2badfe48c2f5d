// The journal writer as it was before its per-record work was cut: kept unchanged as the oracle
// that journal-bytes.prop.test.ts compares the current writer's files against, byte for byte.
// Marks the secrets of journal records as they are written, where the host knows what it sent:
// tx bytes and line events of a command (a password in AT+QMTCONN …), the payload sent at the
// '>' prompt after it (a key file uploaded with AT+QFUPL), and answers that echo a secret
// (+QMTCFG: "aliauth" …), also when cut between two serial reads. The detection is the Quectel
// layer's (quectel/secrets.ts). The journal seals what is marked (session/seal.ts).
import type { JournalRecord, SecretRange } from '../../shared/model';
import { isCommandLine, lineSecrets, mergeRanges, payloadSecrets } from '../../electron/quectel/secrets';

/** How much of an unfinished received line is kept to judge the read that completes it. */
const RX_CARRY_MAX = 4096;

type Unsequenced<R> = R extends JournalRecord ? Omit<R, 'seq'> : never;
export type RecordToWrite = Unsequenced<JournalRecord>; // = at/types JournalEntry

/** A stateful marker (it remembers the last command, for its payload). One per session. */
export function createSecretMarker(): (record: RecordToWrite) => RecordToWrite {
  /** The last command the host sent, for a payload that follows its prompt. */
  let lastCommand = '';
  const hostText = (text: string): SecretRange[] => {
    if (isCommandLine(text)) {
      lastCommand = text;
      return lineSecrets(text);
    }
    return payloadSecrets(lastCommand, text);
  };
  // The bytes record of a write comes first and its line event right after: both are judged by
  // the same command, so the payload's event must not take the payload for a new command.
  let payloadOf: string | undefined;
  // The modem's answer may arrive in several reads, a secret cut between two: each read is judged
  // with the unfinished line before it, and a quoted field still open at the end of a read is
  // taken as complete so far (its head is marked before its tail has arrived).
  let rxCarry = '';
  const rxSecrets = (latin1: string): SecretRange[] => {
    const combined = rxCarry + latin1;
    const off = rxCarry.length;
    const nl = combined.lastIndexOf('\n');
    rxCarry = (nl >= 0 ? combined.slice(nl + 1) : combined).slice(-RX_CARRY_MAX);
    // A quoted field left open (an odd number of quotes on the unfinished line) is closed to judge it.
    const quoteOpen = ((nl >= 0 ? combined.slice(nl + 1) : combined).match(/"/g)?.length ?? 0) % 2 === 1;
    const open = quoteOpen ? lineSecrets(combined + '"').map(([a, b]): SecretRange => [a, Math.min(b, combined.length)]) : [];
    return mergeRanges([...lineSecrets(combined), ...open])
      .filter(([, b]) => b > off)
      .map(([a, b]): SecretRange => [Math.max(a, off) - off, b - off]);
  };
  return (record) => {
    let secret: SecretRange[];
    if ('bytes' in record) {
      const latin1 = atob(record.bytes);
      if (record.dir === 'tx') {
        const command = lastCommand;
        secret = hostText(latin1);
        payloadOf = isCommandLine(latin1) ? undefined : command;
      } else secret = rxSecrets(latin1);
    } else {
      const e = record.event;
      if (e.type === 'line' && e.dir === 'tx') {
        if (payloadOf !== undefined && !isCommandLine(e.text)) secret = payloadSecrets(payloadOf, e.text);
        else secret = hostText(e.text);
        payloadOf = undefined;
      } else if (e.type === 'line' || e.type === 'urc' || e.type === 'note') secret = lineSecrets(e.text);
      else if (e.type === 'command-started' || e.type === 'command-ended') secret = lineSecrets(e.command);
      else secret = [];
    }
    return secret.length ? { ...record, secret } : record;
  };
}
