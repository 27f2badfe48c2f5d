// The session as the views and exports see it: the journal, redacted once, grouped into log
// entries and exchanges, with result codes explained by the Quectel code catalogue.
import type { JournalRecord } from '../../shared/model';
import { groupRecords, type SessionModel } from '../../shared/exchanges';
import { redactModel, redactRecords, type RedactionPolicy } from './redact';
import { sessionToMermaid, sessionToSvg } from '../../shared/diagram';
import type { Lang } from '../../shared/i18n';

export interface ModelOptions {
  /** Redaction before grouping; `false` only for local debugging, never for exports. */
  redaction?: RedactionPolicy | false;
  /** Mono time at which pending results are judged (live sessions pass "now"). */
  now?: number;
}

export function sessionModel(records: readonly JournalRecord[], opts: ModelOptions = {}): SessionModel {
  const safe = opts.redaction === false ? records : redactRecords(records, opts.redaction ?? {});
  return groupRecords(safe, opts.now !== undefined ? { now: opts.now } : {});
}

/** Keeps only the chosen exchanges (all when `ids` is undefined), with the entries they draw. */
export function selectExchanges(model: SessionModel, ids?: readonly number[]): SessionModel {
  if (!ids) return model;
  const keep = new Set(ids);
  return { entries: model.entries, exchanges: model.exchanges.filter((x) => keep.has(x.id)) };
}

/** svg and mermaid are files; png is the SVG the renderer rasterises (it cannot draw an export itself). */
export type DiagramFormat = 'mermaid' | 'svg' | 'png';

export interface DiagramFile {
  text: string;
  mime: string;
  fileName: string;
}

/**
 * The sequence diagram as a file: text, MIME type and a suggested name. Every diagram that
 * leaves the app comes from here, and the model is redacted here (idempotent, so a model built
 * by sessionModel() may pass through again): there is no unredacted path to a file.
 * For 'png' the text is the redacted SVG to rasterise and the name is the PNG's.
 */
export function exportDiagram(model: SessionModel, format: DiagramFormat, opts: { baseName?: string; redaction?: RedactionPolicy; lang?: Lang } = {}): DiagramFile {
  const safe = redactModel(model, opts.redaction ?? {});
  const base = opts.baseName ?? 'session';
  switch (format) {
    case 'svg':
      return { text: sessionToSvg(safe, opts.lang), mime: 'image/svg+xml', fileName: `${base}.svg` };
    case 'png':
      return { text: sessionToSvg(safe, opts.lang), mime: 'image/svg+xml', fileName: `${base}.png` };
    case 'mermaid':
      return { text: sessionToMermaid(safe, opts.lang), mime: 'text/vnd.mermaid', fileName: `${base}.mmd` };
  }
}
