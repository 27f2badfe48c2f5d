// The sidebar: port and wizard scroll together; the Virtual EC20's fault panel keeps its own
// place at the bottom, so it is reachable without scrolling. Folds away (Ctrl+B) and resizes
// (drag or arrow keys on its edge, and on the line above the fault panel); all is remembered.
import { useRef, type ReactNode } from 'react';
import { SIDEBAR_MAX, SIDEBAR_MIN, usePrefs } from './prefs';
import { useT } from '../i18n';
import { Splitter } from './Splitter';

export function Sidebar({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const t = useT();
  const width = usePrefs((s) => s.sidebarWidth);
  const setWidth = usePrefs((s) => s.setSidebarWidth);
  const footerShare = usePrefs((s) => s.panes['sidebar-footer'] ?? 0.36);
  const setPane = usePrefs((s) => s.setPane);
  const side = useRef<HTMLElement>(null);
  const pct = Math.round(footerShare * 100);
  return (
    <>
      <aside ref={side} className="side" id="sidebar" aria-label={t('app.sidebar')} data-testid="sidebar" data-collapsed={collapsed} hidden={collapsed} style={{ width }}>
        <div className="side-scroll" data-testid="side-scroll">{children}</div>
        {footer && (
          <>
            <Splitter
              label={t('app.resizeFaultPanel')}
              orientation="horizontal"
              value={100 - pct}
              min={20}
              max={85}
              step={5}
              onChange={(v) => setPane('sidebar-footer', (100 - v) / 100)}
              fromPointer={(_x, y) => {
                const r = side.current?.getBoundingClientRect();
                return r && r.height > 0 ? (100 * (y - r.top)) / r.height : 100 - pct;
              }}
              testId="sidebar-footer-splitter"
            />
            <div className="side-footer" style={{ maxHeight: `${pct}%` }}>
              {footer}
            </div>
          </>
        )}
      </aside>
      {!collapsed && <Splitter label={t('app.resizeSidebar')} orientation="vertical" value={width} min={SIDEBAR_MIN} max={SIDEBAR_MAX} step={20} onChange={setWidth} fromPointer={(x) => x} testId="sidebar-splitter" />}
    </>
  );
}
