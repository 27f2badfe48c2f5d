// The detail pane of one row: what it means (code catalogue), its exchange, and its bytes in hex.
import { useWorkbench } from '../../stores';
import { logBuffer, NONE } from '../../stores/log/buffer';
import { absoluteTime, hexDump, visibleToBytes } from '../../stores/log/format';

export function LogDetail() {
  const index = useWorkbench((s) => s.detailRow);
  const explanations = useWorkbench((s) => s.explanations);
  useWorkbench((s) => s.diagramVersion);
  const { openLogDetail, revealExchange } = useWorkbench.getState();
  if (index === undefined || index >= logBuffer.length) return null;
  const text = logBuffer.text(index);
  const meaning = explanations[text];
  const exchange = logBuffer.exchange(index);
  const bytes = visibleToBytes(text);
  return (
    <section className="log-detail" aria-label="Line detail" data-testid="log-detail">
      <div className="row">
        <strong>
          Line {index + 1} · {logBuffer.dir(index) === 'tx' ? 'host → modem' : 'modem → host'} · {logBuffer.kind(index)}
        </strong>
        <span className="muted">{absoluteTime(logBuffer.wall(index))}</span>
        {exchange !== NONE && (
          <button type="button" onClick={() => revealExchange(exchange)} data-testid="log-detail-exchange">
            Exchange #{exchange} in the diagram
          </button>
        )}
        <span className="grow" />
        <button type="button" onClick={() => openLogDetail(undefined)} aria-label="Close detail">
          ×
        </button>
      </div>
      <div className="mono detail-text">{text}</div>
      {meaning ? (
        <div className="meaning" data-testid="log-meaning" data-code={meaning.code}>
          <strong>{meaning.title}</strong>
          {meaning.detail && <div className="small">{meaning.detail}</div>}
          {meaning.nextStep && <div className="small">Next: {meaning.nextStep}</div>}
        </div>
      ) : (
        <div className="muted small">No catalogue entry for this line.</div>
      )}
      <pre className="hex" data-testid="log-hex">
        {hexDump(bytes).join('\n') || '(no bytes)'}
      </pre>
      <div className="muted small">{bytes.length} bytes (line terminators are shown only when they were part of the line)</div>
    </section>
  );
}
