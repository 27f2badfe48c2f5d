// The log table's columns (TanStack Table v9). Rows are built only for the visible window, so a
// cell reads plain precomputed fields; the million-row work (filtering, order) happens in the
// columnar buffer and its filter index, not in a table row model.
import { columnSizingFeature, columnVisibilityFeature, createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { Direction, LineKind } from '../../../shared/model';
import { i18n, t, useT } from '../../i18n';

/** One visible row, built from the buffer's columns when it scrolls into view. */
export interface LogRowData {
  index: number;
  time: string;
  dir: Direction;
  kind: LineKind;
  text: string;
  exchange: number | undefined;
  meaning: string | undefined;
  /** The text holds a masked secret. */
  secret?: boolean;
}

export const logTableFeatures = tableFeatures({ columnSizingFeature, columnVisibilityFeature });

const col = createColumnHelper<typeof logTableFeatures, LogRowData>();

const KIND_KEYS: Record<LineKind, string> = { command: 'log.kindCommand', echo: 'log.kindEcho', response: 'log.kindResponse', final: 'log.kindFinal', urc: 'log.kindUrc', prompt: 'log.kindPrompt', raw: 'log.kindRaw' };

// The cells' fixed words, looked up once per language: a fling frame renders ~40 rows, and an ICU
// lookup per cell and per frame cost more than the rest of the cell.
let labelsLang = '';
const labels = new Map<string, string>();
function label(key: string): string {
  if (i18n.language !== labelsLang) {
    labels.clear();
    labelsLang = i18n.language;
  }
  let v = labels.get(key);
  if (v === undefined) labels.set(key, (v = t(key)));
  return v;
}

/** A kind as the user reads it, in the current language. */
export function kindLabel(k: LineKind): string {
  return label(KIND_KEYS[k]);
}

const COLUMN_KEYS: Record<string, string> = { time: 'log.colTime', dir: 'log.colDir', kind: 'log.colKind', text: 'log.colText', exchange: 'log.colExchange', meaning: 'log.colMeaning' };

/** A column's title in the current language (the header and the columns menu). */
export function ColumnTitle({ id }: { id: string }) {
  const tr = useT();
  return <>{COLUMN_KEYS[id] ? tr(COLUMN_KEYS[id]) : id}</>;
}

// Cells read the current language through `t` (no hook per cell): the table passes the language to
// its rows, so a switch renders them again.
export const logColumns = col.columns([
  col.accessor('time', { header: () => <ColumnTitle id="time" />, size: 100, cell: (c) => c.getValue() }),
  col.accessor('dir', {
    header: () => <ColumnTitle id="dir" />,
    size: 34,
    cell: (c) => (
      <span title={label(c.getValue() === 'tx' ? 'log.hostToModem' : 'log.modemToHost')} aria-label={label(c.getValue() === 'tx' ? 'log.hostToModemSpoken' : 'log.modemToHostSpoken')}>
        {c.getValue() === 'tx' ? '→' : '←'}
      </span>
    ),
  }),
  col.accessor('kind', { header: () => <ColumnTitle id="kind" />, size: 72, cell: (c) => kindLabel(c.getValue()) }),
  col.accessor('text', {
    header: () => <ColumnTitle id="text" />,
    size: 420,
    cell: (c) =>
      c.row.original.secret ? (
        <span data-testid="log-secret-masked" title={label('log.secretMaskedTitle')}>
          {c.getValue()}
        </span>
      ) : (
        c.getValue()
      ),
  }),
  col.accessor('exchange', { header: () => <ColumnTitle id="exchange" />, size: 52, cell: (c) => (c.getValue() === undefined ? '' : `#${c.getValue()}`) }),
  col.accessor('meaning', { header: () => <ColumnTitle id="meaning" />, size: 260, cell: (c) => c.getValue() ?? '' }),
]);
