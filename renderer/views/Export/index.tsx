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
import { ProblemBox } from '../common/ProblemBox';
import { downloadBlob } from '../Diagram/download';
import { currentLang } from '../../i18n';

type Format = ExportArgs['format'];
type RangeKind = 'all' | 'time' | 'exchanges';

const FORMATS: Array<{ id: Format; label: string }> = [
  { id: 'html', label: 'HTML report (summary, diagram, filterable log)' },
  { id: 'json', label: 'Session file (.session.jsonl, re-opens in the app)' },
  { id: 'text', label: 'Text capture (timestamp  dir  line)' },
  { id: 'mermaid', label: 'Mermaid diagram' },
];

const PHASES: Record<string, string> = { reading: 'Reading the journal', redacting: 'Redacting secrets', grouping: 'Grouping exchanges', writing: 'Writing' };

function redactionText(r: ExportedFile['redactions']): string {
  const parts = Object.entries(r).map(([k, n]) => `${n} ${k}`);
  return parts.length ? `Redacted: ${parts.join(', ')}.` : 'No secret was found to redact.';
}

export function ExportButton() {
  const open = useWorkbench((s) => s.exportPanelOpen);
  const { setExportPanel } = useWorkbench.getState();
  return (
    <button className="export-button" data-testid="export-open" aria-expanded={open} onClick={() => setExportPanel(!open)} title="Export the session shown for a support ticket (secrets are always redacted)">
      <FileDown aria-hidden="true" />
      Export…
    </button>
  );
}

export function ExportPanel() {
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

  const what = viewing && portState === 'closed' ? `the recording ${viewing.name ?? viewing.path}` : portState === 'open' ? 'the live session' : 'the last session';
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
      aria-label="Export the session"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setExportPanel(false);
      }}
    >
      <h2>Export {what}</h2>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun) void runExport({ format, range, maskIds, lang: currentLang() });
        }}
      >
        <fieldset>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.id}>
              <input type="radio" name="export-format" value={f.id} data-testid={`export-format-${f.id}`} checked={format === f.id} onChange={() => setFormat(f.id)} /> {f.label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Part of the session</legend>
          <label>
            <input type="radio" name="export-range" data-testid="export-range-all" checked={rangeKind === 'all'} onChange={() => setRangeKind('all')} /> Whole session
          </label>
          <label>
            <input type="radio" name="export-range" data-testid="export-range-time" checked={rangeKind === 'time'} onChange={() => setRangeKind('time')} /> Time range
          </label>
          {rangeKind === 'time' && (
            <span className="export-times">
              <label>
                from <input data-testid="export-from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="start (s or ISO time)" size={22} />
              </label>
              <label>
                to <input data-testid="export-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="end (s or ISO time)" size={22} />
              </label>
              <span className="muted">seconds from the session start (12.5) or an ISO time (2026-11-25T09:00:01Z)</span>
            </span>
          )}
          <label title={selected.length === 0 ? 'Select exchanges in the Diagram view (click, Ctrl+click) first' : undefined}>
            <input type="radio" name="export-range" data-testid="export-range-exchanges" checked={rangeKind === 'exchanges'} onChange={() => setRangeKind('exchanges')} /> The {selected.length} exchange{selected.length === 1 ? '' : 's'} selected in the Diagram
          </label>
        </fieldset>
        <label className="export-mask">
          <input type="checkbox" data-testid="export-mask-ids" checked={maskIds} onChange={(e) => setMaskIds(e.target.checked)} /> Mask IMEI, IMSI and ICCID too (keeps the last 4 digits)
        </label>
        <p className="muted">Passwords, aliauth secrets, signed passwords and uploaded keys are always redacted.</p>
        <div className="export-actions">
          <button type="submit" data-testid="export-run" disabled={!canRun}>
            {busy ? 'Exporting…' : bindingName === 'electron' ? 'Export…' : 'Export'}
          </button>
          <button type="button" data-testid="export-close" onClick={() => setExportPanel(false)}>
            Close
          </button>
        </div>
      </form>
      {busy && (
        <div className="export-progress" data-testid="export-progress" role="status">
          {progress ? `${PHASES[progress.phase] ?? progress.phase}…${pct !== undefined ? ` ${pct}%` : ''}` : 'Starting…'}
          <progress max={100} value={pct ?? 0} />
        </div>
      )}
      {problem && <ProblemBox problem={problem} testId="export-problem" />}
      {result && (
        <div className="export-confirmation" role="status" data-testid="export-confirmation" data-path={result.path}>
          <div>
            Exported {result.rows} log rows and {result.exchanges} exchanges ({result.format}, {result.bytes.toLocaleString()} bytes) to <code data-testid="export-path">{result.path}</code>
          </div>
          <div className="muted">{redactionText(result.redactions)}</div>
          {bindingName === 'browser' && (
            <button data-testid="export-download" onClick={() => void download()}>
              Download {result.fileName}
            </button>
          )}
          {downloadProblem && <div className="problem">{downloadProblem}</div>}
        </div>
      )}
    </section>
  );
}
