// Demo mode only: make the Virtual EC20 misbehave like real modems and networks, and switch its
// firmware profile, to see how the host copes.
import { FlaskConical } from 'lucide-react';
import { useState } from 'react';
import { FIRMWARE_PROFILES, type ArgsOf } from '../../../shared/api';
import { connection } from '../../../shared/i18n/messages/connection';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { ProblemBox } from '../common/ProblemBox';
import type { Problem } from '../../../shared/outcome';

/** The faults, by their message key (the catalogue's connection.fault*). */
const FAULTS: Array<{ key: keyof typeof connection.en; fault: ArgsOf<'demoInjectFault'> }> = [
  { key: 'faultBrokerDrop', fault: { kind: 'broker-drop', client: 0 } },
  { key: 'faultBrokerStall', fault: { kind: 'broker-stall', client: 0, on: true } },
  { key: 'faultBrokerBack', fault: { kind: 'broker-stall', client: 0, on: false } },
  { key: 'faultPing', fault: { kind: 'ping-failure', client: 0 } },
  { key: 'faultRefused4', fault: { kind: 'connack-refused', code: 4 } },
  { key: 'faultRefused5', fault: { kind: 'connack-refused', code: 5 } },
  { key: 'faultRefused2', fault: { kind: 'connack-refused', code: 2 } },
  { key: 'faultNoNetwork', fault: { kind: 'no-network', on: true } },
  { key: 'faultNetworkBack', fault: { kind: 'no-network', on: false } },
  { key: 'faultPdpFails', fault: { kind: 'pdp-fails', on: true } },
  { key: 'faultPdpBack', fault: { kind: 'pdp-fails', on: false } },
  { key: 'faultSimMissing', fault: { kind: 'sim-missing', on: true } },
  { key: 'faultSimBack', fault: { kind: 'sim-missing', on: false } },
  { key: 'faultReboot', fault: { kind: 'reboot' } },
  { key: 'faultSilence', fault: { kind: 'silence' } },
  { key: 'faultGarbage', fault: { kind: 'garbage' } },
  { key: 'faultSplit', fault: { kind: 'split-writes', maxWriteSize: 3 } },
  { key: 'faultWhole', fault: { kind: 'split-writes' } },
  { key: 'faultEcho', fault: { kind: 'echo', on: true } },
];

export function DemoPanel() {
  const isVirtual = useWorkbench((s) => s.port.state === 'open' && Boolean(s.port.virtual));
  const api = useWorkbench((s) => s.api);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [last, setLast] = useState('');
  const t = useT();
  if (!isVirtual) return null;
  const run = async (label: string, call: () => Promise<{ ok: boolean; problem?: Problem }>) => {
    const r = await call();
    setProblem(r.ok ? undefined : r.problem);
    if (r.ok) setLast(label);
  };
  return (
    <section className="panel demo" aria-label={t('connection.demoLabel')} data-testid="demo-panel">
      <h2>
        <FlaskConical aria-hidden="true" className="icon" /> {t('connection.virtualEc20')}
      </h2>
      <label className="field">
        <span>{t('connection.firmware')}</span>
        <select data-testid="demo-profile" defaultValue="EC2X-2018" onChange={(e) => {
            const profile = FIRMWARE_PROFILES.find((p) => p === e.target.value);
            if (profile) void run(t('connection.appliedProfile', { profile }), () => api.demoSetProfile({ profile }));
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
          <button key={f.key} type="button" onClick={() => void run(t(`connection.${f.key}`), () => api.demoInjectFault(f.fault))}>
            {t(`connection.${f.key}`)}
          </button>
        ))}
      </div>
      {last && <div className="muted small" data-testid="demo-last">{t('connection.applied', { what: last })}</div>}
      {problem && <ProblemBox problem={problem} />}
    </section>
  );
}
