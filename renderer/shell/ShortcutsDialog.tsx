// The `?` overlay: every registered shortcut, grouped. A modal <dialog>: focus moves into it,
// Escape closes it and focus returns to where it was.
import { Keyboard, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { useT } from '../i18n';
import { useShortcutList, type Shortcut } from './shortcuts';

export const useHelp = create<{ open: boolean }>()(() => ({ open: false }));
export const toggleHelp = () => useHelp.setState((s) => ({ open: !s.open }));

/** 'Ctrl+Shift+P' → <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>P</kbd>. */
function Keys({ keys }: { keys: string }) {
  const parts = keys === '+' ? ['+'] : keys.split(/\+(?!$)/);
  return (
    <span className="keys">
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 && <span aria-hidden="true">+</span>}
          <kbd>{p.length === 1 ? p.toUpperCase() : p}</kbd>
        </span>
      ))}
    </span>
  );
}

export function ShortcutsDialog() {
  const open = useHelp((s) => s.open);
  const t = useT();
  const list = useShortcutList();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const groups = new Map<string, Shortcut[]>();
  for (const s of list) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return (
    <dialog
      ref={ref}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts-dialog"
      // Escape (the dialog's cancel) and the close button both end here.
      onClose={() => useHelp.setState({ open: false })}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself) closes it.
        if (e.target === e.currentTarget) useHelp.setState({ open: false });
      }}
    >
      {open && (
        <div className="shortcuts-inner">
          <header className="shortcuts-head">
            <Keyboard aria-hidden="true" className="icon" />
            <h2 id="shortcuts-title">{t('app.shortcutsTitle')}</h2>
            <span className="grow" />
            <button type="button" className="ghost icon-only" aria-label={t('app.close')} title={t('app.closeTitle')} data-testid="shortcuts-close" onClick={() => useHelp.setState({ open: false })}>
              <X aria-hidden="true" />
            </button>
          </header>
          <div className="shortcuts-groups" tabIndex={0} role="region" aria-label={t('app.shortcutsByGroup')}>
            {/* Headings are numbered, not named after the group: a Chinese name has no \w characters. */}
            {[...groups].map(([group, items], gi) => (
              <section key={group} className="shortcuts-group" aria-labelledby={`sc-group-${gi}`}>
                <h3 id={`sc-group-${gi}`}>{group}</h3>
                <dl>
                  {items.map((s) => (
                    <div key={s.id} className="shortcut" data-testid="shortcut" data-keys={s.keys}>
                      <dt>
                        <Keys keys={s.keys} />
                      </dt>
                      <dd>{s.label}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
          <p className="muted small-note">{t('app.shortcutsNote')}</p>
        </div>
      )}
    </dialog>
  );
}
