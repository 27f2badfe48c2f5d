// The wizard form as the contract's request, and what is wrong with each field as one types:
// the same schema the main side checks (shared/api.ts), in the user's words and language.
import { BringupArgs, fieldProblemText, type ArgsOf } from '../../../shared/api';
import type { BringupStepId } from '../../../shared/bringup';
import { fieldProblemWords } from '../../../shared/i18n/field-words';
import { t } from '../../i18n';
import type { WizardForm } from './state';

/** The request the form makes (empty optional fields left out; numbers read from their text). */
export function wizardArgs(f: WizardForm, fromStep?: BringupStepId): ArgsOf<'runBringup'> {
  const num = (t: string) => (t.trim() === '' ? NaN : Number(t));
  return {
    clientId: f.clientId.trim(),
    // Left empty: the bring-up's default for the transport (8883 with TLS, 1883 without).
    ...(f.port.trim() ? { port: num(f.port) } : {}),
    tls: f.tls,
    clientIdx: num(f.clientIdx),
    ...(f.apn.trim() ? { apn: f.apn.trim() } : {}),
    ...(f.host.trim() ? { host: f.host.trim() } : {}),
    ...(f.username ? { username: f.username } : {}),
    ...(f.password ? { password: f.password } : {}),
    ...(fromStep ? { fromStep } : {}),
  };
}

/** 'Client index must be 0–5': the field's label and its fix (the schema's English where it has no translation). */
const fieldProblem = (field: string, message: string): string => fieldProblemWords(t, field, message) ?? fieldProblemText(field, message);

/** Per form field, what is wrong with it ('Client index must be 0–5'); empty when the form can run. */
export function wizardFieldProblems(f: WizardForm): Partial<Record<keyof WizardForm, string>> {
  const parsed = BringupArgs.safeParse(wizardArgs(f));
  if (parsed.success) return {};
  const out: Partial<Record<keyof WizardForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '') as keyof WizardForm;
    if (field && field !== 'tls' && !(field in out) && field in f) out[field] = fieldProblem(field, issue.message);
  }
  return out;
}
