// The sidebar: port and wizard scroll together; the Virtual EC20's fault panel keeps its own
// place at the bottom, so it is reachable without scrolling. Folds away (Ctrl+B) and resizes
// (drag or arrow keys on its edge); both are remembered.
import type { ReactNode } from 'react';
import { SIDEBAR_MAX, SIDEBAR_MIN, usePrefs } from './prefs';
import { Splitter } from './Splitter';

export function Sidebar({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const width = usePrefs((s) => s.sidebarWidth);
  const setWidth = usePrefs((s) => s.setSidebarWidth);
  return (
    <>
      <aside className="side" id="sidebar" aria-label="Port and connection" data-testid="sidebar" data-collapsed={collapsed} hidden={collapsed} style={{ width }}>
        <div className="side-scroll" data-testid="side-scroll">{children}</div>
        {footer && <div className="side-footer">{footer}</div>}
      </aside>
      {!collapsed && <Splitter label="Resize the sidebar" orientation="vertical" value={width} min={SIDEBAR_MIN} max={SIDEBAR_MAX} step={20} onChange={setWidth} fromPointer={(x) => x} testId="sidebar-splitter" />}
    </>
  );
}
