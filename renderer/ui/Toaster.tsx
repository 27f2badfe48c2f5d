// Where toasts appear: bottom right, above the status bar. The live region is always in the page,
// so a toast added later is announced.
import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useT } from '../i18n';
import { dismissToast, useToasts, type ToastKind } from './toast';

const ICONS: Record<ToastKind, typeof Info> = { success: CircleCheck, info: Info, error: CircleAlert };

export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  const tr = useT();
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label={tr('app.notifications')} data-testid="toasts">
      {toasts.map((t) => {
        const Icon = ICONS[t.kind];
        return (
          <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast" data-kind={t.kind}>
            <Icon className="toast-icon" aria-hidden="true" />
            <div className="toast-body">
              <div className="toast-title">{t.title}</div>
              {t.detail && <div className="toast-detail" data-testid="toast-detail">{t.detail}</div>}
            </div>
            <button type="button" className="ghost icon-only toast-dismiss" aria-label={tr('app.dismissToast', { title: t.title })} title={tr('app.dismiss')} data-testid="toast-dismiss" onClick={() => dismissToast(t.id)}>
              <X aria-hidden="true" />
            </button>
          </div>
        );
      })}
    </div>
  );
}
