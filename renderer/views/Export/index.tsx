// Export the session shown (live, closed or a recording) for a support ticket: html report, json
// session file, text capture or mermaid diagram; whole, a time range, or the exchanges selected
// in the Diagram view. Secrets are always redacted (the main side does it); identities on request.
// The main side writes the file (exports folder, or the desktop app's save dialog) and says where.
import { FileDown } from 'lucide-react';
import { useState } from 'react';
import type { ExportedFile } from '../../../shared/api';
import { bindingName } from '../../api';
import { useWorkbench } from '../../stores';
import type { ExportArgs } from '../../stores/sessions/actions';
import type { Translate } from '../../../shared/i18n';
import { currentLang, useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';
import { downloadBlob } from '../Diagram/download';

type Format = ExportArgs['format'];
type RangeKind = 'all' | 'time' | 'exchanges';

const FORMATS: Array<{ id: Format; label: (t: Translate) => string }> = [
  { id: 'html', label: (t) => t('export.formatHtml') },
  { id: 'json', label: (t) => t('export.formatJson') },
  { id: 'text', label: (t) => t('export.formatText') },
  { id: 'mermaid', label: (t) => t('export.formatMermaid') },
];

function phaseText(t: Translate, phase: string): string {
  switch (phase) {
    case 'reading':
      return t('export.phaseReading');
    case 'redacting':
      return t('export.phaseRedacting');
    case 'grouping':
      return t('export.phaseGrouping');
    case 'writing':
      return t('export.phaseWriting');
    default:
      return t('export.phaseOther', { phase });
  }
}

function redactionText(t: Translate, r: ExportedFile['redactions']): string {
  // The kinds are the redactor's technical names (password, aliauth…), the same in every language.
  const parts = Object.entries(r).map(([kind, n]) => t('export.redactedItem', { n, kind }));
  return parts.length ? t('export.redacted', { list: parts.join(currentLang() === 'zh-CN' ? '、' : ', ') }) : t('export.redactedNone');
}

export function ExportButton() {
  const t = useT();
  const open = useWorkbench((s) => s.exportPanelOpen);
  const { setExportPanel } = useWorkbench.getState();
  return (
    <button className="export-button" data-testid="export-open" aria-expanded={open} onClick={() => setExportPanel(!open)} title={t('export.buttonTitle')}>
      <FileDown aria-hidden="true" />
      {t('export.button')}
    </button>
  );
}

export function ExportPanel() {
  const t = useT();
  const open = useWorkbench((s) => s.exportPanelOpen);
  const busy = useWorkbench((s) => s.exportBusy);
  const progress = useWorkbench((s) => s.exportProgress);
  const result = useWorkbench((s) => s.exportResult);
  const problem = useWorkbench((s) => s.sessionExportProblem);
  const selected = useWorkbench((s) => s.selectedExchanges);
  const viewing = useWorkbench((s) => s.viewingJournal);
  const portState = useWorkbench((s) => s.port.state);
  const { setExportPanel, runExport, api } = useWorkbench.getState();
  const [format, setFormat] = useState<Format>('html');
  const [rangeKind, setRangeKind] = useState<RangeKind>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [maskIds, setMaskIds] = useState(false);
  const [downloadProblem, setDownloadProblem] = useState<string>();
  if (!open) return null;

  const heading = viewing && portState === 'closed' ? t('export.headingRecording', { name: viewing.name ?? viewing.path }) : portState === 'open' ? t('export.headingLive') : t('export.headingLast');
  const range: ExportArgs['range'] = rangeKind === 'time' ? { kind: 'time', ...(from.trim() ? { from: from.trim() } : {}), ...(to.trim() ? { to: to.trim() } : {}) } : rangeKind === 'exchanges' ? { kind: 'exchanges', ids: selected } : { kind: 'all' };
  const canRun = !busy && !(rangeKind === 'exchanges' && selected.length === 0);
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : undefined;

  const download = async () => {
    if (!result) return;
    setDownloadProblem(undefined);
    const r = await api.readExportedFile({ fileName: result.fileName });
    if (!r.ok) return setDownloadProblem(`${r.problem.title}. ${r.problem.nextStep}`);
    downloadBlob(new Blob([r.value.text], { type: r.value.mime }), r.value.fileName);
  };

  return (
    <section
      className="export-panel panel"
      data-testid="export-panel"
      aria-label={t('export.region')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setExportPanel(false);
      }}
    >
      <h2>{heading}</h2>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun) void runExport({ format, range, maskIds, lang: currentLang() });
        }}
      >
        <fieldset>
          <legend>{t('export.format')}</legend>
          {FORMATS.map((f) => (
            <label key={f.id}>
              <input type="radio" name="export-format" value={f.id} data-testid={`export-format-${f.id}`} checked={format === f.id} onChange={() => setFormat(f.id)} /> {f.label(t)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('export.part')}</legend>
          <label>
            <input type="radio" name="export-range" data-testid="export-range-all" checked={rangeKind === 'all'} onChange={() => setRangeKind('all')} /> {t('export.whole')}
          </label>
          <label>
            <input type="radio" name="export-range" data-testid="export-range-time" checked={rangeKind === 'time'} onChange={() => setRangeKind('time')} /> {t('export.timeRange')}
          </label>
          {rangeKind === 'time' && (
            <span className="export-times">
              <label>
                {t('export.from')} <input data-testid="export-from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder={t('export.fromPlaceholder')} size={22} />
              </label>
              <label>
                {t('export.to')} <input data-testid="export-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('export.toPlaceholder')} size={22} />
              </label>
              <span className="muted">{t('export.timeHint')}</span>
            </span>
          )}
          <label title={selected.length === 0 ? t('export.selectFirst') : undefined}>
            <input type="radio" name="export-range" data-testid="export-range-exchanges" checked={rangeKind === 'exchanges'} onChange={() => setRangeKind('exchanges')} /> {t('export.selectedExchanges', { count: selected.length })}
          </label>
        </fieldset>
        <label className="export-mask">
          <input type="checkbox" data-testid="export-mask-ids" checked={maskIds} onChange={(e) => setMaskIds(e.target.checked)} /> {t('export.maskIds')}
        </label>
        <p className="muted">{t('export.alwaysRedacted')}</p>
        <div className="export-actions">
          <button type="submit" data-testid="export-run" disabled={!canRun}>
            {busy ? t('export.exporting') : bindingName === 'electron' ? t('export.runDialog') : t('export.run')}
          </button>
          <button type="button" data-testid="export-close" onClick={() => setExportPanel(false)}>
            {t('export.close')}
          </button>
        </div>
      </form>
      {busy && (
        <div className="export-progress" data-testid="export-progress" role="status">
          {progress ? (pct !== undefined ? t('export.percent', { label: phaseText(t, progress.phase), pct }) : phaseText(t, progress.phase)) : t('export.starting')}
          <progress max={100} value={pct ?? 0} />
        </div>
      )}
      {problem && <ProblemBox problem={problem} testId="export-problem" />}
      {result && (
        <div className="export-confirmation" role="status" data-testid="export-confirmation" data-path={result.path}>
          <div>
            {t('export.exported', { rows: result.rows, exchanges: result.exchanges, format: result.format, bytes: result.bytes })} <code data-testid="export-path">{result.path}</code>
          </div>
          <div className="muted">{redactionText(t, result.redactions)}</div>
          {bindingName === 'browser' && (
            <button data-testid="export-download" onClick={() => void download()}>
              {t('export.download', { file: result.fileName })}
            </button>
          )}
          {downloadProblem && <div className="problem">{downloadProblem}</div>}
        </div>
      )}
    </section>
  );
}
