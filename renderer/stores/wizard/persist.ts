// The wizard's form survives a reload (localStorage), without its secrets: a password, a
// DeviceSecret or a key is never written to the browser's storage.
const KEY = 'workbench.wizard.form.v1';

/** Form fields that hold a secret (never stored). */
export const isSecretField = (name: string): boolean => /pass|secret|key|token/i.test(name);

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode, a sandboxed frame)
  }
}

/** The stored fields of the same type as in `defaults` (a field of another type, or unknown, is ignored). */
export function loadForm<T extends object>(defaults: T): T {
  const raw = storage()?.getItem(KEY);
  if (!raw) return defaults;
  try {
    const stored = JSON.parse(raw) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [k, v] of Object.entries(defaults)) if (!isSecretField(k) && k in stored && typeof stored[k] === typeof v) out[k] = stored[k];
    return out as T;
  } catch {
    return defaults;
  }
}

export function saveForm(form: object): void {
  const kept = Object.fromEntries(Object.entries(form).filter(([k]) => !isSecretField(k)));
  try {
    storage()?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // full or disabled: the form just starts from the defaults next time
  }
}
