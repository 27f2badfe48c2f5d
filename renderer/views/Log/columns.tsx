// The log table's columns (TanStack Table v9). Rows are built only for the visible window, so a
// cell reads plain precomputed fields; the million-row work (filtering, order) happens in the
// columnar buffer and its filter index, not in a table row model.
import { columnSizingFeature, columnVisibilityFeature, createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { Direction, LineKind } from '../../../shared/model';

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

export const KIND_LABELS: Record<LineKind, string> = { command: 'command', echo: 'echo', response: 'response', final: 'final', urc: 'URC', prompt: 'prompt', raw: 'raw' };

export const logColumns = col.columns([
  col.accessor('time', { header: 'Time', size: 100, cell: (c) => c.getValue() }),
  col.accessor('dir', {
    header: 'Dir',
    size: 34,
    cell: (c) => (
      <span title={c.getValue() === 'tx' ? 'host → modem' : 'modem → host'} aria-label={c.getValue() === 'tx' ? 'host to modem' : 'modem to host'}>
        {c.getValue() === 'tx' ? '→' : '←'}
      </span>
    ),
  }),
  col.accessor('kind', { header: 'Kind', size: 72, cell: (c) => KIND_LABELS[c.getValue()] }),
  col.accessor('text', {
    header: 'Line',
    size: 420,
    cell: (c) =>
      c.row.original.secret ? (
        <span data-testid="log-secret-masked" title="Holds a secret, masked. Open the row's detail to reveal it.">
          {c.getValue()}
        </span>
      ) : (
        c.getValue()
      ),
  }),
  col.accessor('exchange', { header: 'Exch.', size: 52, cell: (c) => (c.getValue() === undefined ? '' : `#${c.getValue()}`) }),
  col.accessor('meaning', { header: 'Meaning', size: 260, cell: (c) => c.getValue() ?? '' }),
]);
