// The wizard's Aliyun path as a store of its own: what was chosen (endpoint, transport, sign method,
// keepalive, login way), the device as the main side prepared it (a handle and the derived fields,
// never the secret), and the runs. The pasted text and a typed DeviceSecret are cleared from the
// page as soon as the main side holds them; the password comes back only on "Show password".
import { toast } from '../../ui/toast';
import { create } from 'zustand';
import type { AliyunPrepared, AliyunProfileListing } from '../../../shared/aliyun';
import type { ArgsOf } from '../../../shared/api';
import { BRINGUP_STEP_IDS, type BringupStepId } from '../../../shared/bringup';
import type { Problem } from '../../../shared/outcome';
import { t } from '../../i18n';
import { useWorkbench } from '../../stores';

export type WizardKind = 'mqtt' | 'aliyun';
export type Transport = 'tcp-1883' | 'tls-443' | 'tls-8883';

/** The transports Aliyun offers (their names: wizardAliyun.transport* in the catalogue). */
export const TRANSPORTS: ReadonlyArray<{ id: Transport; port: 1883 | 443 | 8883; tls: boolean }> = [
  { id: 'tls-8883', port: 8883, tls: true },
  { id: 'tls-443', port: 443, tls: true },
  { id: 'tcp-1883', port: 1883, tls: false },
];

export interface AliyunWizardState {
  kind: WizardKind;
  paste: string;
  fields: { productKey: string; deviceName: string; deviceSecret: string };
  endpointKind: 'region' | 'instance';
  region: string;
  instanceId: string;
  transport: Transport;
  method: 'hmacsha256' | 'hmacsha1' | 'hmacmd5';
  keepalive: string;
  auth: 'aliauth' | 'host';
  prepared?: AliyunPrepared;
  problem?: Problem;
  /** The signed password, shown only after "Show password" and hidden again on any change. */
  revealed?: string;
  profiles: AliyunProfileListing[];
  profileName: string;
  busy: boolean;
  note?: string;
}

const initial: AliyunWizardState = {
  kind: 'mqtt',
  paste: '',
  fields: { productKey: '', deviceName: '', deviceSecret: '' },
  endpointKind: 'region',
  region: 'cn-shanghai',
  instanceId: '',
  transport: 'tls-8883',
  method: 'hmacsha256',
  keepalive: '300',
  auth: 'aliauth',
  profiles: [],
  profileName: '',
  busy: false,
};

const api = () => useWorkbench.getState().api;

/** The options as the contract takes them. */
function options(s: AliyunWizardState): ArgsOf<'aliyunPrepare'> {
  const t = TRANSPORTS.find((x) => x.id === s.transport) ?? TRANSPORTS[0]!;
  const keepalive = Number(s.keepalive);
  return {
    auth: s.auth,
    ...(s.prepared?.source === 'mqtt-params' ? {} : { endpoint: s.endpointKind === 'region' ? { kind: 'region' as const, region: s.region } : { kind: 'instance' as const, instanceId: s.instanceId.trim() } }),
    port: t.port,
    tls: t.tls,
    ...(s.prepared?.source === 'mqtt-params' ? {} : { method: s.method }),
    ...(Number.isInteger(keepalive) && keepalive >= 0 && keepalive <= 3600 ? { keepalive } : {}),
  };
}

export interface AliyunWizardActions {
  set(patch: Partial<AliyunWizardState>): void;
  /** Sends the paste (or the typed fields) to the main side, then forgets the secret on this side. */
  read(from: 'paste' | 'fields'): Promise<void>;
  /** Re-derives after an option changed, the secret staying on the main side. */
  refresh(patch: Partial<AliyunWizardState>): Promise<void>;
  reveal(): Promise<void>;
  hide(): void;
  save(): Promise<void>;
  listProfiles(): Promise<void>;
  loadProfile(name: string): Promise<void>;
  run(fromStep?: BringupStepId): Promise<void>;
}

export const useAliyunWizard = create<AliyunWizardState & AliyunWizardActions>()((set, get) => ({
  ...initial,
  set(patch) {
    set({ ...patch, revealed: undefined });
  },
  async read(from) {
    const s = get();
    set({ busy: true, problem: undefined, revealed: undefined, note: undefined });
    const r = await api().aliyunPrepare({
      ...options({ ...s, prepared: undefined }),
      ...(from === 'paste' ? { text: s.paste } : { fields: s.fields }),
      ...(from === 'fields' && s.prepared && s.fields.deviceSecret === '' ? { handle: s.prepared.handle } : {}),
    });
    if (!r.ok) {
      set({ busy: false, problem: r.problem });
      return;
    }
    const p = r.value;
    // The secret now lives on the main side only: clear what the page held.
    set({
      busy: false,
      prepared: p,
      paste: '',
      fields: { productKey: p.productKey, deviceName: p.deviceName, deviceSecret: '' },
      method: p.method,
      keepalive: String(p.keepalive),
      auth: p.auth,
      transport: TRANSPORTS.find((t) => t.port === p.port && t.tls === p.tls)?.id ?? s.transport,
      ...(p.source === 'mqtt-params' ? { note: t('wizardAliyun.paramsNote') } : {}),
    });
  },
  async refresh(patch) {
    set({ ...patch, revealed: undefined });
    const s = get();
    if (!s.prepared) return;
    const r = await api().aliyunPrepare({ ...options(s), handle: s.prepared.handle });
    set(r.ok ? { prepared: r.value, problem: undefined } : { problem: r.problem });
  },
  async reveal() {
    const p = get().prepared;
    if (!p) return;
    const r = await api().aliyunReveal({ handle: p.handle, what: 'password' });
    set(r.ok ? { revealed: r.value.text } : { problem: r.problem });
  },
  hide() {
    set({ revealed: undefined });
  },
  async save() {
    const s = get();
    if (!s.prepared || !s.profileName.trim()) return;
    const r = await api().aliyunSaveProfile({ handle: s.prepared.handle, name: s.profileName.trim() });
    if (!r.ok) return set({ problem: r.problem });
    set({ note: r.value.secretStore === 'os-keyring' ? t('wizardAliyun.savedKeyring', { name: r.value.name }) : t('wizardAliyun.savedFile', { name: r.value.name }) });
    toast({ title: t('wizardAliyun.savedToast', { name: r.value.name }), ...(r.value.file ? { detail: r.value.file } : {}) });
    await get().listProfiles();
  },
  async listProfiles() {
    const r = await api().aliyunListProfiles();
    if (r.ok) set({ profiles: r.value });
  },
  async loadProfile(name) {
    set({ busy: true, problem: undefined, revealed: undefined });
    const r = await api().aliyunLoadProfile({ name });
    if (!r.ok) return set({ busy: false, problem: r.problem });
    const p = r.value;
    set({ busy: false, prepared: p, fields: { productKey: p.productKey, deviceName: p.deviceName, deviceSecret: '' }, method: p.method, keepalive: String(p.keepalive), auth: p.auth, transport: TRANSPORTS.find((t) => t.port === p.port && t.tls === p.tls)?.id ?? get().transport, profileName: name });
  },
  async run(fromStep) {
    const p = get().prepared;
    if (!p) return;
    const wb = useWorkbench.getState();
    const from = fromStep ? BRINGUP_STEP_IDS.indexOf(fromStep) : 0;
    // The same run state as the generic wizard: its steps list and verdict show this run.
    const idx = wb.activeClient;
    wb.updateClient(idx, (st) => ({
      running: true,
      verdict: undefined,
      wizardProblem: undefined,
      steps: st.steps.map((x) => (BRINGUP_STEP_IDS.indexOf(x.id) >= from ? { id: x.id, title: x.title, status: 'pending' } : x)),
    }));
    const f = wb.form;
    const r = await wb.api.runBringup({
      clientId: p.connectClientId,
      host: p.host,
      port: p.port,
      tls: p.tls,
      keepalive: p.keepalive,
      clientIdx: idx,
      ...(f.apn.trim() ? { apn: f.apn.trim() } : {}),
      ...(fromStep ? { fromStep } : {}),
      aliyun: { handle: p.handle },
    });
    if (!r.ok) wb.updateClient(idx, () => ({ running: false, wizardProblem: r.problem, verdict: 'failed' }));
    else wb.updateClient(idx, () => ({ running: false, verdict: r.value.ready ? 'ready' : 'failed', wizardProblem: r.value.problem }));
  },
}));
