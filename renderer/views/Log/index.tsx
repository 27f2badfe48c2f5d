// The timestamped AT/URC log: every line in and out, in order, filtered and searchable.
import { useCallback } from 'react';
import { useT } from '../../i18n';
import { useWorkbench } from '../../stores';
import { LogDetail } from './LogDetail';
import { LogTable } from './LogTable';
import { LogToolbar } from './LogToolbar';

export function LogView() {
  const t = useT();
  const copy = useCallback((e?: ClipboardEvent) => {
    const text = useWorkbench.getState().selectedLogText();
    if (!text) return;
    if (e?.clipboardData) {
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
    } else {
      void navigator.clipboard?.writeText(text).catch(() => undefined);
    }
  }, []);
  return (
    <section className="panel log" aria-label={t('log.region')} data-testid="log">
      <LogToolbar onCopy={() => copy()} />
      <LogTable onCopy={copy} />
      <LogDetail />
    </section>
  );
}
