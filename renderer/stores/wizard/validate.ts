// The wizard form as the contract's request, and what is wrong with each field as one types:
// the same schema the main side checks (shared/api.ts), in the user's words and language.
import { BringupArgs, fieldProblemText, type ArgsOf } from '../../../shared/api';
import type { BringupStepId } from '../../../shared/bringup';
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

type FormField = Exclude<keyof WizardForm, 'tls'>;

const label = (field: FormField): string => {
  switch (field) {
    case 'apn': return t('wizard.labelApn');
    case 'host': return t('wizard.labelHost');
    case 'port': return t('wizard.labelPort');
    case 'clientId': return t('wizard.labelClientId');
    case 'username': return t('wizard.labelUsername');
    case 'password': return t('wizard.labelPassword');
    case 'clientIdx': return t('wizard.labelClientIdx');
  }
};

/** The schema's name for a field inside its own messages ('server host cannot contain …'). */
const what = (field: FormField): string => {
  switch (field) {
    case 'apn': return t('wizard.whatApn');
    case 'host': return t('wizard.whatHost');
    case 'clientId': return t('wizard.whatClientId');
    case 'username': return t('wizard.whatUsername');
    case 'password': return t('wizard.whatPassword');
    default: return label(field);
  }
};

/** The schema's message (shared/api.ts BringupArgs) in the current language; undefined if unknown. */
function schemaMessage(field: FormField, message: string): string | undefined {
  const typed = /^Invalid input: expected (\w+), received (\w+)/.exec(message);
  if (typed) return typed[2] === 'undefined' ? t('wizard.valMissing') : typed[1] === 'string' ? t('wizard.valText') : typed[1] === 'number' ? t('wizard.valNumber') : undefined;
  const tooLong = /^Too big: expected string to have <=\s*(\d+) characters/.exec(message);
  if (tooLong) return t('wizard.valTooLong', { max: Number(tooLong[1]) });
  if (/cannot contain a double quote or a line break/.test(message)) return t('wizard.valQuote', { what: what(field) });
  if (/contains typographic quotes/.test(message)) return t('wizard.valTypographic', { what: what(field) });
  switch (message) {
    case 'type the MQTT server host': return t('wizard.valTypeHost');
    case 'type a client ID': return t('wizard.valTypeClientId');
    case 'must be a number 1–65535': return t('wizard.valPortNumber');
    case 'must be a whole number 1–65535': return t('wizard.valPortWhole');
    case 'must be 1–65535': return t('wizard.valPortRange');
    case 'must be a whole number 0–5': return t('wizard.valIdxWhole');
    case 'must be 0–5': return t('wizard.valIdxRange');
    default: return undefined;
  }
}

/** 'Client index must be 0–5': the field's label and its fix (the schema's English where it has no translation). */
function fieldProblem(field: FormField, message: string): string {
  const said = schemaMessage(field, message);
  if (said === undefined) return fieldProblemText(field, message);
  // The same shape as fieldProblemText: "Port must be …" for a verb phrase, "MQTT server: type the …" otherwise.
  const verbPhrase = /^Invalid input: expected|^Too big: expected string|^(must|is)\b/.test(message);
  return t(verbPhrase ? 'wizard.fieldIs' : 'wizard.fieldColon', { label: label(field), message: said });
}

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
