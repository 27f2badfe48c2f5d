// Every MQTT client index (0–5) has its own wizard settings, wizard run, publish box and reconnect
// result. The fields of the client shown (the active one) sit at the top of the store, where the
// views have always read them; the other clients' are kept here and swapped in when chosen.
import { CLIENT_INDEXES } from '../../../shared/modem-state';
import type { OptionsState } from '../options/state';
import type { StatusState } from '../status/state';
import type { TopicsState } from '../topics/state';
import type { WizardState } from '../wizard/state';

/** The per-client fields of the store (wizard, options, publish box, reconnect). */
export const PER_CLIENT_KEYS = [
  'form', 'steps', 'running', 'wizardProblem', 'verdict',
  'mqttOptions', 'tlsForm', 'tlsPicked', 'portTyped',
  'subTopic', 'subQos', 'subMore', 'pubTopic', 'pubQos', 'pubRetain', 'pubPayload', 'pubEncoding', 'topicsBusy', 'topicsProblem', 'lastPublished',
  'reconnectBusy', 'reconnectResult', 'reconnectProblem',
] as const satisfies ReadonlyArray<keyof (WizardState & OptionsState & TopicsState & StatusState)>;

export type PerClientKey = (typeof PER_CLIENT_KEYS)[number];
export type ClientView = Pick<WizardState & OptionsState & TopicsState & StatusState, PerClientKey>;

export interface ClientsState {
  /** The client the wizard and the topics panel show (its fields are the store's top-level ones). */
  activeClient: number;
  /** The other clients' fields, for each client shown or run at least once. */
  clientViews: Partial<Record<number, ClientView>>;
}

export const isClientIndex = (n: number): boolean => (CLIENT_INDEXES as readonly number[]).includes(n);

/** One client's fields out of a store-shaped object. */
export function pickView(s: ClientView): ClientView {
  const out: Record<string, unknown> = {};
  for (const k of PER_CLIENT_KEYS) out[k] = s[k];
  return out as ClientView;
}
