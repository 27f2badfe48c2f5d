// The detail pane of one row: what it means (code catalogue), its exchange, and its bytes in hex.
// A secret in the row (a password, a DeviceSecret) stays masked, text and bytes, until the person
// at the laptop reveals this one row. Journals keep secrets sealed: rows read back from one (older
// rows, a closed or reopened session) hold a placeholder, and the clear text is asked of the main
// process, which opens it with this laptop's key for that row only.
import { useState } from 'react';
import { useWorkbench } from '../../stores';
import { logBuffer, NONE } from '../../stores/log/buffer';
import { absoluteTime, hexDump, visibleToBytes } from '../../stores/log/format';
import { useT } from '../../i18n';
import { problemIn, useViewLang } from '../../i18n-explain';

export function LogDetail() {
  const index = useWorkbench((s) => s.detailRow);
  const explanations = useWorkbench((s) => s.explanations);
  const lang = useViewLang();
  useWorkbench((s) => s.diagramVersion);
  const { openLogDetail, revealExchange, api } = useWorkbench.getState();
  const t = useT();
  // The row whose secret is shown (with its clear text once the main process sent it); choosing
  // another row masks again. `sealed`: the main process could not open it (another machine's key).
  const [revealed, setRevealed] = useState<{ index: number; text?: string; sealed?: boolean } | undefined>(undefined);
  if (index === undefined || index >= logBuffer.length) return null;
  const hasSecret = logBuffer.secret(index) !== undefined;
  const shown = hasSecret && revealed?.index === index;
  const meaning = problemIn(explanations[logBuffer.text(index)], lang);
  const text = shown ? (revealed.text ?? logBuffer.text(index)) : logBuffer.maskedText(index);
  const cannotOpen = shown && revealed.sealed === true && revealed.text === undefined && logBuffer.text(index) === logBuffer.maskedText(index);
  const reveal = () => {
    if (shown) return setRevealed(undefined);
    const row = index;
    setRevealed({ index: row });
    void api.revealLogRow({ index: row }).then((r) => {
      if (!r.ok) return;
      setRevealed((cur) => (cur?.index !== row ? cur : r.value ? { index: row, text: r.value.text } : { index: row, sealed: true }));
    });
  };
  const exchange = logBuffer.exchange(index);
  const bytes = visibleToBytes(text);
  return (
    <section className="log-detail" aria-label={t('log.detail')} data-testid="log-detail">
      <div className="row">
        <strong>
          {t('log.detailHeading', { n: index + 1, dir: t(logBuffer.dir(index) === 'tx' ? 'log.hostToModem' : 'log.modemToHost'), kind: logBuffer.kind(index) })}
        </strong>
        <span className="muted">{absoluteTime(logBuffer.wall(index))}</span>
        {exchange !== NONE && (
          <button type="button" onClick={() => revealExchange(exchange)} data-testid="log-detail-exchange">
            {t('log.exchangeInDiagram', { n: exchange })}
          </button>
        )}
        <span className="grow" />
        <button type="button" onClick={() => openLogDetail(undefined)} aria-label={t('log.closeDetail')}>
          ×
        </button>
      </div>
      <div className="row">
        <div className="mono detail-text grow" data-testid="log-detail-text">
          {text}
        </div>
        {hasSecret && (
          <button type="button" aria-pressed={shown} onClick={reveal} data-testid="log-reveal-secret" title={t(shown ? 'log.hideTitle' : 'log.revealTitle')}>
            {t(shown ? 'log.hideSecret' : 'log.revealSecret')}
          </button>
        )}
      </div>
      {cannotOpen && (
        <div className="muted small" data-testid="log-reveal-sealed">
          {t('log.sealed')}
        </div>
      )}
      {meaning ? (
        <div className="meaning" data-testid="log-meaning" data-code={meaning.code}>
          <strong>{meaning.title}</strong>
          {meaning.detail && <div className="small">{meaning.detail}</div>}
          {meaning.nextStep && <div className="small">{t('log.nextStep', { step: meaning.nextStep })}</div>}
        </div>
      ) : (
        <div className="muted small">{t('log.noMeaning')}</div>
      )}
      <pre className="hex" data-testid="log-hex">
        {hexDump(bytes).join('\n') || t('log.noBytes')}
      </pre>
      <div className="muted small">{t('log.byteCount', { n: bytes.length })}</div>
    </section>
  );
}
