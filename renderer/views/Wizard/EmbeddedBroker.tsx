// Under the server fields while the Virtual EC20 is open: the embedded broker they were prefilled
// with, said in words, and a way back to it after typing another server. The virtual module dials
// whatever server is named, like a real one.
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';

export function EmbeddedBrokerNote() {
  const t = useT();
  const broker = useWorkbench((s) => s.embeddedBroker);
  const host = useWorkbench((s) => s.form.host);
  const port = useWorkbench((s) => s.form.port);
  const tls = useWorkbench((s) => s.form.tls);
  if (!broker) return null;
  const want = String(tls ? (broker.tlsPort ?? '') : broker.port);
  const using = host === broker.host && port === want;
  return (
    <div className="embedded-broker muted small" data-testid="wizard-embedded-broker" data-using={String(using)}>
      {using ? t('wizard.brokerPrefilled') : t('wizard.brokerAvailable')}{' '}
      <code>
        {broker.host}:{broker.port}
      </code>
      {broker.tlsPort !== undefined && (
        <>
          {' '}
          (TLS <code>{broker.tlsPort}</code>)
        </>
      )}
      {t('wizard.brokerDials')}
      {!using && (
        <button
          type="button"
          className="link small"
          data-testid="wizard-use-embedded-broker"
          onClick={() => {
            const { setWizardField } = useWorkbench.getState();
            setWizardField('host', broker.host);
            if (want) setWizardField('port', want);
          }}
        >
          {t('wizard.brokerUse')}
        </button>
      )}
    </div>
  );
}
