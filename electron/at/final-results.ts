// Final result codes → how a command ended. Tables, not branches (protocol.md §1.2, §4.7; ITU-T V.250
// for the dial-style codes; 3GPP TS 27.007 for +CME ERROR, 27.005 for +CMS ERROR).
import { problem, type Problem } from '../../shared/outcome';

export type FinalResult =
  | { kind: 'ok'; line: string }
  /** Data mode: the host now sends raw bytes (QFUPL, protocol.md §4.5). Ends the command phase. */
  | { kind: 'connect'; line: string }
  | { kind: 'error'; line: string; family: 'error' | 'cme' | 'cms' | 'dial'; code?: number | string; problem: Problem };

/** +CME ERROR numbers (protocol.md §4.7): 27.007 general, Quectel file system 4xx, TCP/IP 5xx. */
export const cmeErrorText: Record<number, string> = {
  0: 'phone failure', 3: 'operation not allowed', 4: 'operation not supported', 10: 'SIM not inserted',
  11: 'SIM PIN required', 12: 'SIM PUK required', 13: 'SIM failure', 14: 'SIM busy', 15: 'SIM wrong',
  16: 'incorrect password', 30: 'no network service', 31: 'network timeout',
  32: 'network not allowed (emergency calls only)', 50: 'incorrect parameters', 100: 'unknown',
  400: 'invalid input value', 401: 'larger than file size', 402: 'read zero byte', 403: 'drive full',
  405: 'file not found', 406: 'invalid file name', 407: 'file already exists', 409: 'write failed',
  410: 'open failed', 411: 'read failed', 413: 'too many open files', 414: 'file read-only',
  416: 'invalid file descriptor', 417: 'list failed', 418: 'delete failed', 419: 'disk info failed',
  420: 'no space', 421: 'timeout', 423: 'file too large', 425: 'invalid parameter', 426: 'file already opened',
  550: 'unknown', 551: 'operation blocked', 552: 'invalid parameters', 553: 'memory not enough',
  554: 'create socket failed', 555: 'operation not supported', 556: 'bind failed', 557: 'listen failed',
  558: 'write failed', 559: 'read failed', 560: 'accept failed', 561: 'open (activate) PDP context failed',
  562: 'close PDP context failed', 563: 'socket identity used', 564: 'DNS busy', 565: 'DNS parse failed',
  566: 'socket connect failed', 567: 'socket closed', 568: 'operation busy', 569: 'operation timeout',
  570: 'PDP context broken down', 571: 'cancel send', 572: 'operation not allowed', 573: 'APN not configured',
  574: 'port busy',
};

/** Next steps for the codes a field engineer meets most (protocol.md §8). */
const cmeNextStep: Record<number, string> = {
  10: 'Check that a SIM card is inserted and seated properly.',
  11: 'Unlock the SIM with AT+CPIN="<pin>".',
  12: 'The SIM needs its PUK; unblock it before continuing.',
  14: 'The SIM is still initialising: wait for +QIND: PB DONE and retry.',
  405: 'The file does not exist; list files with AT+QFLST.',
  407: 'The file already exists: delete it with AT+QFDEL first.',
  565: 'DNS failed: check the host name, or try the IP address.',
  569: 'The operation timed out: check signal (AT+CSQ) and registration (AT+CEREG?).',
};

const GENERIC_ERROR_STEP =
  'Check the command syntax (straight quotes, parameter ranges) and the modem state; with AT+CMEE=2 the modem explains errors in words.';

interface FinalRow {
  match: RegExp;
  classify: (m: RegExpMatchArray, line: string) => FinalResult;
}

/**
 * Verbose text (AT+CMEE=2, protocol.md §1.2) → its number, so '+CME ERROR: SIM not inserted' gets the
 * same next step as '+CME ERROR: 10'. Where a Quectel range reuses the words of a 27.007 code
 * ('operation not allowed' is 3 and 572), the lower, 27.007 number wins.
 */
const cmeNumberOfText: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (const [n, text] of Object.entries(cmeErrorText).sort(([a], [b]) => Number(a) - Number(b))) {
    const key = text.toLowerCase();
    if (!m.has(key)) m.set(key, Number(n));
  }
  return m;
})();

function cmeLike(family: 'cme' | 'cms', m: RegExpMatchArray, line: string): FinalResult {
  const raw = (m[1] ?? '').trim();
  const numeric = /^\d+$/.test(raw);
  const num = numeric ? Number(raw) : family === 'cme' ? cmeNumberOfText.get(raw.replace(/\s+/g, ' ').toLowerCase()) : undefined;
  const meaning = numeric ? (family === 'cme' && num !== undefined ? cmeErrorText[num] : undefined) : raw;
  // The code is what the modem printed; the words only find the same advice as the number.
  const code = numeric ? Number(raw) : raw;
  const title = family === 'cme' ? `The modem reported an equipment error${meaning ? `: ${meaning}` : ''}.` : `The modem reported a message-service error${meaning ? `: ${meaning}` : ''}.`;
  const nextStep = (num !== undefined && family === 'cme' ? cmeNextStep[num] : undefined) ?? GENERIC_ERROR_STEP;
  return { kind: 'error', line, family, code, problem: problem(`at.${family}.${code}`, title, `The modem answered "${line}".`, nextStep) };
}

/** Ordered: the first row that matches the whole trimmed line decides. */
export const finalResultTable: readonly FinalRow[] = [
  { match: /^OK$/, classify: (_m, line) => ({ kind: 'ok', line }) },
  { match: /^CONNECT(?:\s.*)?$/, classify: (_m, line) => ({ kind: 'connect', line }) },
  {
    match: /^ERROR$/,
    classify: (_m, line) => ({ kind: 'error', line, family: 'error', problem: problem('at.error', 'The modem rejected the command (ERROR).', `The modem answered "${line}" without saying why.`, GENERIC_ERROR_STEP) }),
  },
  { match: /^\+CME ERROR:\s*(.*)$/, classify: (m, line) => cmeLike('cme', m, line) },
  { match: /^\+CMS ERROR:\s*(.*)$/, classify: (m, line) => cmeLike('cms', m, line) },
  {
    // V.250 dial-style finals; NO CARRIER also ends a data-mode phase.
    match: /^(NO CARRIER|NO DIALTONE|BUSY|NO ANSWER)$/,
    classify: (m, line) => ({ kind: 'error', line, family: 'dial', code: m[1], problem: problem('at.no-carrier', `The modem ended the data phase (${m[1]}).`, `The modem answered "${line}".`, 'Check the data connection or retry the command.') }),
  },
];

/** The final result a line represents, or undefined if it is not one. */
export function classifyFinal(line: string): FinalResult | undefined {
  const t = line.trim();
  for (const row of finalResultTable) {
    const m = t.match(row.match);
    if (m) return row.classify(m, t);
  }
  return undefined;
}
