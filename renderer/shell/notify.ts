// Confirmations of what was written where, for results that arrive in the stores: a session
// export names its file and folder.
import { useWorkbench } from '../stores';
import { toast } from '../ui/toast';

const FORMAT_NAMES: Record<string, string> = { html: 'HTML report', json: 'Session file', text: 'Text capture', mermaid: 'Mermaid diagram' };

export function confirmWrites(): () => void {
  return useWorkbench.subscribe((s, prev) => {
    const r = s.exportResult;
    if (r && r !== prev.exportResult) toast({ title: `${FORMAT_NAMES[r.format] ?? 'Export'} written (${r.bytes.toLocaleString('en')} bytes)`, detail: r.path });
  });
}
