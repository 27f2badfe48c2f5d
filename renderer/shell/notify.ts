// Confirmations of what was written where, for results that arrive in the stores: a session
// export names its file and folder.
import { useWorkbench } from '../stores';
import { currentLang, t } from '../i18n';
import { toast } from '../ui/toast';

/** Each format's confirmation, as literal keys so the catalogue check sees them. */
function written(format: string, bytes: string): string {
  switch (format) {
    case 'html':
      return t('app.writtenHtml', { bytes });
    case 'json':
      return t('app.writtenJson', { bytes });
    case 'text':
      return t('app.writtenText', { bytes });
    case 'mermaid':
      return t('app.writtenMermaid', { bytes });
    default:
      return t('app.writtenOther', { bytes });
  }
}

export function confirmWrites(): () => void {
  return useWorkbench.subscribe((s, prev) => {
    const r = s.exportResult;
    if (r && r !== prev.exportResult) toast({ title: written(r.format, r.bytes.toLocaleString(currentLang())), detail: r.path });
  });
}
