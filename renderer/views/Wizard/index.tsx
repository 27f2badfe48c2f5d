// The connection wizard: port → modem checks → network/PDP → MQTT config → open/connect. Each
// step shows running / passed / failed; a failure stops there and says why and what to try.
import { Circle, CircleCheck, CircleMinus, CircleX, LoaderCircle, Plug, RotateCcw, type LucideIcon } from 'lucide-react';
import { bringupStepChecks } from '../../../shared/bringup';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import type { WizardForm } from '../../stores/wizard/state';
import { ProblemBox } from '../common/ProblemBox';
import { TryLaptopButton } from '../Probe';
import { AliyunWizard, useWizardKind, WizardKindSwitch } from './Aliyun';
import { useAliyunWizard } from './aliyunStore';
import { AdvancedOptions } from './Advanced';
import { ChecksSection } from './Checks';
import { EmbeddedBrokerNote } from './EmbeddedBroker';
import { TlsSection } from './TlsStep';
import { WizardClientState, WizardVerdictText } from './ClientState';
import { wizardFieldProblems } from '../../stores/wizard/validate';
import { ClientStrip } from '../Clients/ClientStrip';

const ICON: Record<string, LucideIcon> = { pending: Circle, running: LoaderCircle, passed: CircleCheck, failed: CircleX, skipped: CircleMinus };

type KeysOf<T> = { [K in keyof WizardForm]: WizardForm[K] extends T ? K : never }[keyof WizardForm];

function Field({ label, k, type = 'text', placeholder }: { label: string; k: KeysOf<string>; type?: string; placeholder?: string }) {
  const value = useWorkbench((s) => s.form[k]);
  const problem = useWorkbench((s) => wizardFieldProblems(s.form)[k]);
  const set = useWorkbench.getState().setWizardField;
  const id = `wizard-${k}`;
  return (
    <label className="field" htmlFor={id}>
      <span>{label}</span>
      <input id={id} data-testid={id} type={type} value={value} placeholder={placeholder} onChange={(e) => set(k, e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} />
      {problem && (
        <span className="field-problem" id={`${id}-problem`} data-testid={`${id}-problem`}>
          {problem}
        </span>
      )}
    </label>
  );
}

export function WizardPanel() {
  const steps = useWorkbench((s) => s.steps);
  const running = useWorkbench((s) => s.running);
  const verdict = useWorkbench((s) => s.verdict);
  const problem = useWorkbench((s) => s.wizardProblem);
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const isVirtual = useWorkbench((s) => Boolean(s.port.virtual));
  const { runWizard, cancelWizard } = useWorkbench.getState();
  const kind = useWizardKind();

  return (
    <section className="panel wizard" aria-label="Connection wizard">
      <h2>Connection wizard</h2>
      {/* Each client has its own settings and run: the tab chosen is the one the form and the steps show. */}
      <ClientStrip />
      <WizardKindSwitch />
      {kind === 'aliyun' ? <AliyunWizard /> : (
      <form
        className="wizard-form"
        onSubmit={(e) => {
          e.preventDefault();
          void runWizard();
        }}
      >
        <Field label="APN" k="apn" placeholder="internet" />
        <Field label="MQTT server" k="host" placeholder={isVirtual ? '(embedded broker)' : 'broker.example.net'} />
        <Field label="Port" k="port" type="number" />
        <EmbeddedBrokerNote />
        <TlsSection />
        <Field label="Client ID" k="clientId" />
        <Field label="User name" k="username" />
        <Field label="Password" k="password" type="password" />
        <Field label="client_idx" k="clientIdx" type="number" />
        <AdvancedOptions />
        <div className="row">
          <button type="submit" data-testid="wizard-run" disabled={!isOpen || running}>
            <Plug aria-hidden="true" />
            {running ? 'Running…' : 'Connect'}
          </button>
          {running && (
            <button type="button" onClick={() => void cancelWizard()}>
              Cancel
            </button>
          )}
          {!isOpen && <span className="muted">Open a port (or the Virtual EC20) first.</span>}
        </div>
      </form>
      )}
      <WizardClientState />
      <ol className="steps" data-testid="wizard-steps">
        {steps.map((st) => (
          <li key={st.id} className={`step step-${st.status}`} data-testid={`step-${st.id}`} data-status={st.status}>
            <span className="step-icon" aria-hidden>
              {(() => {
                const Icon = ICON[st.status] ?? Circle;
                return <Icon className="icon" />;
              })()}
            </span>
            <span className="step-title" title={bringupStepChecks(st.id)}>
              {st.title}
            </span>
            {st.detail && <span className="step-detail">{st.detail}</span>}
            {st.status === 'failed' && (
              <>
                {st.problem && <ProblemBox problem={st.problem} testId="wizard-step-problem" />}
                <button type="button" data-testid="wizard-retry" disabled={running} onClick={() => void (kind === 'aliyun' ? useAliyunWizard.getState().run(st.id) : runWizard(st.id))}>
                  <RotateCcw aria-hidden="true" />
                  Retry from here
                </button>
                {(st.id === 'open' || st.id === 'connect') && <TryLaptopButton />}
              </>
            )}
          </li>
        ))}
      </ol>
      <div className="verdict" data-testid="wizard-verdict" data-verdict={verdict ?? ''}>
        <WizardVerdictText verdict={verdict} anyStepFailed={steps.some((s) => s.status === 'failed')} />
      </div>
      {problem && !steps.some((s) => s.status === 'failed') && <ProblemBox problem={problem} testId="wizard-problem" />}
      <ChecksSection />
    </section>
  );
}
