// Each client's wizard settings survive a reload (localStorage): the form without its secrets, the
// Advanced options and the TLS section's choices (file names on the modem, never file contents).
import { defaultMqttOptions, defaultTlsForm, type MqttOptionsForm, type TlsForm } from '../options/state';
import { isSecretField, loadForm } from '../wizard/persist';
import { initialWizardState, type WizardForm } from '../wizard/state';
import { isClientIndex, type ClientView } from './state';

const KEY = 'workbench.wizard.clients.v1';

export type StoredView = Pick<ClientView, 'form' | 'mqttOptions' | 'tlsForm' | 'portTyped'>;
export interface StoredClients {
  active: number;
  views: Partial<Record<number, StoredView>>;
  /** The one form stored before clients had their own (read once, for the client it named). */
  legacyForm?: WizardForm;
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The fields of `defaults` that `stored` holds with the same type (secrets never). */
function sameShape<T extends object>(defaults: T, stored: unknown): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  if (stored && typeof stored === 'object') {
    const st = stored as Record<string, unknown>;
    for (const [k, v] of Object.entries(defaults)) if (!isSecretField(k) && k in st && typeof st[k] === typeof v) out[k] = st[k];
  }
  return out as T;
}

export function loadClients(): StoredClients {
  let parsed: { active?: unknown; views?: Record<string, unknown> } | undefined;
  try {
    const raw = storage()?.getItem(KEY);
    parsed = raw ? (JSON.parse(raw) as typeof parsed) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    const legacyForm = loadForm(initialWizardState.form);
    const idx = Number(legacyForm.clientIdx);
    return { active: isClientIndex(idx) ? idx : 0, views: {}, legacyForm };
  }
  const views: StoredClients['views'] = {};
  for (const [k, v] of Object.entries(parsed.views ?? {})) {
    const idx = Number(k);
    if (!isClientIndex(idx) || !v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    views[idx] = {
      form: { ...sameShape(initialWizardState.form, o.form), clientIdx: String(idx) },
      mqttOptions: sameShape<MqttOptionsForm>(defaultMqttOptions(), o.mqttOptions),
      tlsForm: sameShape<TlsForm>(defaultTlsForm(), o.tlsForm),
      portTyped: o.portTyped === true,
    };
  }
  const active = Number(parsed.active);
  return { active: isClientIndex(active) ? active : 0, views };
}

const withoutSecrets = (form: object) => Object.fromEntries(Object.entries(form).filter(([k]) => !isSecretField(k)));

/** Stores every client's settings; `views` holds the active client's current fields too. */
export function saveClients(active: number, views: Partial<Record<number, StoredView>>): void {
  const out: Record<number, unknown> = {};
  for (const [k, v] of Object.entries(views)) if (v) out[Number(k)] = { form: withoutSecrets(v.form), mqttOptions: v.mqttOptions, tlsForm: v.tlsForm, portTyped: v.portTyped };
  try {
    storage()?.setItem(KEY, JSON.stringify({ active, views: out }));
  } catch {
    // full or disabled: the forms start from the defaults next time
  }
}
