// The laptop's probe as a store of its own: it takes the wizard's settings as they are (the plain
// MQTT form with its TLS and Advanced sections, or the prepared Aliyun device by its handle; the
// password is the form's, the Aliyun secret stays on the main side), runs it once, and holds the
// comparison with the modem's last bring-up for the side-by-side view.
import { create } from 'zustand';
import type { ArgsOf } from '../../../shared/api';
import type { Problem } from '../../../shared/outcome';
import type { ProbeRun } from '../../../shared/probe';
import { useWorkbench } from '../../stores';
import { bringupOptionArgs } from '../../stores/options/args';
import { wizardArgs } from '../../stores/wizard/validate';
import { useAliyunWizard } from '../Wizard/aliyunStore';
import { t } from '../../i18n';

export interface ProbeState {
  running: boolean;
  run?: ProbeRun;
  problem?: Problem;
  /** Also subscribe and publish once on this topic after the CONNACK ('' = not asked). */
  roundtripTopic: string;
  setRoundtripTopic(t: string): void;
  /** Probes the server the wizard names and shows the side-by-side view. */
  start(): Promise<void>;
}

/** The wizard's settings as the probe's arguments (the same fields runBringup gets). */
function probeArgs(): ArgsOf<'runProbe'> | undefined {
  const wb = useWorkbench.getState();
  const f = wb.form;
  const ali = useAliyunWizard.getState();
  if (ali.kind === 'aliyun') {
    const p = ali.prepared;
    if (!p) return undefined;
    return { clientId: p.connectClientId, host: p.host, port: p.port, tls: p.tls, keepalive: p.keepalive, aliyun: { handle: p.handle } };
  }
  const { fromStep: _from, ...args } = wizardArgs(f);
  const options = bringupOptionArgs(wb, f.tls);
  // The laptop checks the server against the files themselves: a file already uploaded from the
  // TLS section goes with its content too (the bring-up would send only its name).
  const t = options.tlsOptions;
  if (t) {
    for (const role of ['ca', 'clientCert', 'clientKey'] as const) {
      const named = t[role];
      const picked = wb.tlsPicked[role];
      if (named && picked && picked.name === named.name && named.content === undefined) t[role] = { ...named, content: picked.content, encoding: picked.encoding };
    }
  }
  return { ...args, ...options };
}

export const useProbe = create<ProbeState>()((set, get) => ({
  running: false,
  roundtripTopic: '',
  setRoundtripTopic: (roundtripTopic) => set({ roundtripTopic }),
  async start() {
    const wb = useWorkbench.getState();
    wb.showTab('laptop');
    const args = probeArgs();
    if (!args) {
      set({ problem: { code: 'probe.no-device', title: t('probe.noDevice'), detail: '', nextStep: t('probe.noDeviceNext') } });
      return;
    }
    set({ running: true, problem: undefined });
    const topic = get().roundtripTopic.trim();
    const r = await wb.api.runProbe({ ...args, ...(topic ? { roundtripTopic: topic } : {}) });
    set(r.ok ? { running: false, run: r.value } : { running: false, problem: r.problem });
  },
}));
