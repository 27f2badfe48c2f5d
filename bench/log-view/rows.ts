// Synthetic session rows for the benchmark: the mix of a busy publishing session.
import type { LogEntry } from '../../shared/model';

export function syntheticRow(i: number): LogEntry {
  const c = i % 3;
  const t = 1_000 + i * 3;
  const x = Math.floor(i / 5);
  const base = { index: i, mono: t, wall: 1.7e12 + t };
  switch (i % 10) {
    case 0: return { ...base, dir: 'tx', kind: 'command', text: `AT+QMTPUBEX=${c},${(x % 65535) + 1},1,0,"site${i % 50}/telemetry",12`, exchangeId: x };
    case 1: return { ...base, dir: 'rx', kind: 'prompt', text: '> ', exchangeId: x };
    case 2: return { ...base, dir: 'tx', kind: 'raw', text: `{"kwh":${i}}<CTRL-Z>`, exchangeId: x };
    case 3: return { ...base, dir: 'rx', kind: 'final', text: 'OK', exchangeId: x };
    case 4: return { ...base, dir: 'rx', kind: 'urc', text: `+QMTPUBEX: ${c},${(x % 65535) + 1},0`, exchangeId: x };
    case 5: return { ...base, dir: 'rx', kind: 'urc', text: `+QMTRECV: ${c},${i % 100},"site${i % 50}/cmd/led",${String(i).length},"${i}"` };
    case 6: return { ...base, dir: 'tx', kind: 'command', text: 'AT+CSQ', exchangeId: x };
    case 7: return { ...base, dir: 'rx', kind: 'response', text: `+CSQ: ${10 + (i % 20)},99`, exchangeId: x };
    case 8: return { ...base, dir: 'rx', kind: 'final', text: 'OK', exchangeId: x };
    default: return { ...base, dir: 'rx', kind: 'urc', text: '+CEREG: 1' };
  }
}
