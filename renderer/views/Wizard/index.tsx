// The connection wizard: port → modem checks → network/PDP → MQTT config → open/connect. Each
// step shows running / passed / failed; a failure stops there and says why and what to try.
import { Circle, CircleCheck, CircleMinus, CircleX, LoaderCircle, Plug, RotateCcw, type LucideIcon } from 'lucide-react';
import { stepChecksKey, stepTitleKey } from '../../../shared/i18n/messages/steps';
import { useT } from '../../i18n';
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
import { msgText } from '../../../shared/i18n/msg';

const ICON: Record<string, LucideIcon> = { pending: Circle, running: LoaderCircle, passed: CircleCheck, failed: CircleX, skipped: CircleMinus };

/** The AT manual's name for the client index, in every language. */
const CLIENT_IDX = 'client_idx';

type KeysOf<T> = { [K in keyof WizardForm]: WizardForm[K] extends T ? K : never }[keyof WizardForm];

function Field({ label, k, type = 'text', placeholder }: { label: string; k: KeysOf<string>; type?: string; placeholder?: string }) {
  const value = useWorkbench((s) => s.form[k]);
  const problem = useWorkbench((s) => wizardFieldProblems(s.form)[k]);
  useT(); // the field's problem is in the current language: follow a switch
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
  const t = useT();

  return (
    <section className="panel wizard" aria-label={t('wizard.title')}>
      <h2>{t('wizard.title')}</h2>
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
        <Field label={t('wizard.fieldApn')} k="apn" placeholder={t('wizard.apnPlaceholder')} />
        <Field label={t('wizard.fieldHost')} k="host" placeholder={isVirtual ? t('wizard.hostEmbeddedPlaceholder') : t('wizard.hostPlaceholder')} />
        <Field label={t('wizard.fieldPort')} k="port" type="number" />
        <EmbeddedBrokerNote />
        <TlsSection />
        <Field label={t('wizard.fieldClientId')} k="clientId" />
        <Field label={t('wizard.fieldUsername')} k="username" />
        <Field label={t('wizard.fieldPassword')} k="password" type="password" />
        <Field label={CLIENT_IDX} k="clientIdx" type="number" />
        <AdvancedOptions />
        <div className="row">
          <button type="submit" data-testid="wizard-run" disabled={!isOpen || running}>
            <Plug aria-hidden="true" />
            {running ? t('wizard.running') : t('wizard.connect')}
          </button>
          {running && (
            <button type="button" onClick={() => void cancelWizard()}>
              {t('wizard.cancel')}
            </button>
          )}
          {!isOpen && <span className="muted">{t('wizard.openPortFirst')}</span>}
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
            <span className="step-title" title={t(stepChecksKey(st.id))}>
              {t(stepTitleKey(st.id))}
            </span>
            {st.detail && <span className="step-detail">{msgText(t, st.detailMsg, st.detail)}</span>}
            {st.status === 'failed' && (
              <>
                {st.problem && <ProblemBox problem={st.problem} testId="wizard-step-problem" />}
                <button type="button" data-testid="wizard-retry" disabled={running} onClick={() => void (kind === 'aliyun' ? useAliyunWizard.getState().run(st.id) : runWizard(st.id))}>
                  <RotateCcw aria-hidden="true" />
                  {t('wizard.retryFromHere')}
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
