// Demo mode only: make the Virtual EC20 misbehave like real modems and networks, and switch its
// firmware profile, to see how the host copes.
import { FlaskConical } from 'lucide-react';
import { useState } from 'react';
import { FIRMWARE_PROFILES, type ArgsOf } from '../../../shared/api';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';
import type { Problem } from '../../../shared/outcome';

const FAULTS: Array<{ label: string; fault: ArgsOf<'demoInjectFault'> }> = [
  { label: 'Broker drops the link', fault: { kind: 'broker-drop', client: 0 } },
  { label: 'Broker goes quiet (no acks)', fault: { kind: 'broker-stall', client: 0, on: true } },
  { label: 'Broker answers again', fault: { kind: 'broker-stall', client: 0, on: false } },
  { label: 'Keep-alive (PINGRESP) fails', fault: { kind: 'ping-failure', client: 0 } },
  { label: 'CONNECT refused: bad user/password (4)', fault: { kind: 'connack-refused', code: 4 } },
  { label: 'CONNECT refused: not authorized (5)', fault: { kind: 'connack-refused', code: 5 } },
  { label: 'CONNECT refused: identifier rejected (2)', fault: { kind: 'connack-refused', code: 2 } },
  { label: 'No network', fault: { kind: 'no-network', on: true } },
  { label: 'Network back', fault: { kind: 'no-network', on: false } },
  { label: 'PDP activation fails', fault: { kind: 'pdp-fails', on: true } },
  { label: 'PDP works again', fault: { kind: 'pdp-fails', on: false } },
  { label: 'SIM missing', fault: { kind: 'sim-missing', on: true } },
  { label: 'SIM back', fault: { kind: 'sim-missing', on: false } },
  { label: 'Modem reboots', fault: { kind: 'reboot' } },
  { label: 'Next command never answered', fault: { kind: 'silence' } },
  { label: 'Garbage bytes on the line', fault: { kind: 'garbage' } },
  { label: 'Answers in tiny writes', fault: { kind: 'split-writes', maxWriteSize: 3 } },
  { label: 'Whole writes again', fault: { kind: 'split-writes' } },
  { label: 'Echo on', fault: { kind: 'echo', on: true } },
];

export function DemoPanel() {
  const isVirtual = useWorkbench((s) => s.port.state === 'open' && Boolean(s.port.virtual));
  const api = useWorkbench((s) => s.api);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [last, setLast] = useState('');
  if (!isVirtual) return null;
  const run = async (label: string, call: () => Promise<{ ok: boolean; problem?: Problem }>) => {
    const r = await call();
    setProblem(r.ok ? undefined : r.problem);
    if (r.ok) setLast(label);
  };
  return (
    <section className="panel demo" aria-label="Virtual EC20 faults" data-testid="demo-panel">
      <h2>
        <FlaskConical aria-hidden="true" className="icon" /> Virtual EC20
      </h2>
      <label className="field">
        <span>Firmware</span>
        <select data-testid="demo-profile" defaultValue="EC2X-2018" onChange={(e) => {
            const profile = FIRMWARE_PROFILES.find((p) => p === e.target.value);
            if (profile) void run(`profile ${profile}`, () => api.demoSetProfile({ profile }));
          }}
        >
          {FIRMWARE_PROFILES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <div className="fault-buttons">
        {FAULTS.map((f) => (
          <button key={f.label} type="button" onClick={() => void run(f.label, () => api.demoInjectFault(f.fault))}>
            {f.label}
          </button>
        ))}
      </div>
      {last && <div className="muted small" data-testid="demo-last">Applied: {last}</div>}
      {problem && <ProblemBox problem={problem} />}
    </section>
  );
}
