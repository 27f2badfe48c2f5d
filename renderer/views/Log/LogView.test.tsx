// @vitest-environment happy-dom
// The log and diagram views over the real stores, fed with a grouped session (no main side).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const explained = vi.hoisted(() => {
  const asked: string[] = [];
  // The stores pick window.workbench at import time: install a contract stand-in first.
  (window as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name.startsWith('on')
          ? () => () => undefined
          : async (args?: { text?: string }) => {
              if (name === 'explainLine') {
                asked.push(args?.text ?? '');
                return { ok: true, value: { code: 'qmtconn.0', title: 'Connected to the broker', detail: '', nextStep: '' } };
              }
              return { ok: false, problem: { code: 'offline', title: 'offline', detail: '', nextStep: '' } };
            },
    },
  );
  return asked;
});

import { useWorkbench } from '../../stores';
import { sampleModel } from '../../../test-support/sample-session';
import { DiagramView } from '../Diagram';
import { LogView } from './index';

beforeAll(() => {
  // happy-dom does no layout: give scroll containers a size so the virtualisers show rows.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, top: 0, left: 0, right: 1000, bottom: 600, width: 1000, height: 600, toJSON: () => ({}) });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  const m = sampleModel();
  act(() => {
    useWorkbench.getState().appendLog(m.entries);
    useWorkbench.getState().applyExchanges(m.exchanges);
  });
});

afterEach(cleanup);

const rows = () => screen.getAllByTestId('log-row');
const row = (index: number) => rows().find((r) => r.dataset.index === String(index))!;

describe('LogView', () => {
  it('shows the lines with their kind and direction, and filters by kind', () => {
    render(<LogView />);
    expect(rows()).toHaveLength(14);
    expect(row(0).dataset.dir).toBe('tx');
    expect(row(3).dataset.kind).toBe('urc');
    fireEvent.click(screen.getByTestId('log-kind-urc'));
    expect(rows().every((r) => r.dataset.kind === 'urc')).toBe(true);
    expect(screen.getByTestId('log-count').textContent).toContain('5 of 14');
    fireEvent.click(screen.getByTestId('log-kind-urc'));
    expect(rows()).toHaveLength(14);
  });

  it('selects with click, extends with shift+arrow, opens the detail with Enter, copies as text', () => {
    render(<LogView />);
    fireEvent.click(row(4).querySelector('[role="cell"]')!);
    expect(row(4).getAttribute('aria-selected')).toBe('true');
    const body = screen.getByTestId('log-body');
    fireEvent.keyDown(body, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(body, { key: 'ArrowDown', shiftKey: true });
    expect(useWorkbench.getState().selectedRows).toEqual([4, 5, 6]);
    expect(useWorkbench.getState().selectedLogText().split('\n')[0]).toMatch(/\thost→modem\tcommand\tAT\+QMTCONN=0,"wb-demo-0001"$/);
    fireEvent.keyDown(body, { key: 'ArrowDown' });
    expect(useWorkbench.getState().selectedRows).toEqual([7]);
    fireEvent.keyDown(body, { key: 'Enter' });
    expect(screen.getByTestId('log-detail').textContent).toContain('+QMTCONN: 0,0,0');
    expect(screen.getByTestId('log-hex').textContent).toContain('2B 51 4D 54 43 4F 4E 4E 3A 20 30 2C 30 2C 30');
  });

  it('asks the code catalogue once per distinct line and shows the meaning', async () => {
    render(<LogView />);
    fireEvent.mouseOver(row(7).querySelector('[role="cell"]')!);
    fireEvent.mouseOver(row(7).querySelector('[role="cell"]')!);
    await act(async () => undefined);
    expect(explained.filter((t) => t === '+QMTCONN: 0,0,0')).toHaveLength(1);
    expect(row(7).textContent).toContain('Connected to the broker');
  });
});

describe('DiagramView', () => {
  it('draws each exchange and jumps the log to the line of a clicked arrow', () => {
    render(<DiagramView />);
    const groups = screen.getAllByTestId('diagram-group');
    expect(groups.map((g) => g.dataset.exchange)).toEqual(['0', '1', '2', '3', '4']);
    expect(groups[4]!.dataset.failed).toBe('true');
    const conn = groups[1]!;
    const labels = Array.from(conn.querySelectorAll<SVGElement>('[data-testid="diagram-arrow"]')).map((a) => `${a.dataset.style}:${a.dataset.label}`);
    expect(labels).toEqual(['observed:AT+QMTCONN=0,"wb-demo-0001"', 'observed:OK', 'implied:CONNECT (client id wb-demo-0001)', 'implied:CONNACK (0 connection accepted)', 'observed:+QMTCONN: 0,0,0']);
    fireEvent.click(conn.querySelector('[data-label="+QMTCONN: 0,0,0"]')!);
    const s = useWorkbench.getState();
    expect(s.selectedRows).toEqual([7]);
    expect(s.selectedExchanges).toEqual([1]);
    expect(s.followTail).toBe(false);
    expect(screen.getByTestId('diagram-failure').textContent).toMatch(/server closed or reset the connection/);
  });
});

describe('LogView columns', () => {
  it('hides and shows a column', () => {
    render(<LogView />);
    const cells = () => row(0).querySelectorAll('[role="cell"]').length;
    expect(cells()).toBe(6);
    fireEvent.click(screen.getByTestId('log-col-meaning'));
    expect(cells()).toBe(5);
    expect(screen.queryByText('Meaning', { selector: '[role="columnheader"] *, [role="columnheader"]' })).toBeNull();
    fireEvent.click(screen.getByTestId('log-col-meaning'));
    expect(cells()).toBe(6);
  });
});

describe('LogView order', () => {
  it('puts the newest line on top, and the arrow keys follow the screen', () => {
    render(<LogView />);
    fireEvent.click(screen.getByTestId('log-sort-time'));
    const top = () => [...rows()].sort((a, b) => a.style.transform.localeCompare(b.style.transform, 'en', { numeric: true }));
    expect(top()[0]!.dataset.index).toBe('13');
    expect(top()[13]!.dataset.index).toBe('0');
    fireEvent.click(row(13).querySelector('[role="cell"]')!);
    fireEvent.keyDown(screen.getByTestId('log-body'), { key: 'ArrowDown' });
    expect(useWorkbench.getState().selectedRows).toEqual([12]);
    fireEvent.click(screen.getByTestId('log-sort-time'));
    expect(top()[0]!.dataset.index).toBe('0');
  });
});

describe('LogView secrets', () => {
  const PW = 'pw-secret-1';
  const cmd = `AT+QMTCONN=0,"c","u","${PW}"`;
  const mark: [number, number][] = [[cmd.indexOf(PW), cmd.indexOf(PW) + PW.length]];
  beforeAll(() => {
    act(() => {
      useWorkbench.getState().appendLog([
        { index: 14, mono: 5000, wall: 5000, dir: 'tx', kind: 'command', text: cmd, secret: mark },
        { index: 15, mono: 5001, wall: 5001, dir: 'rx', kind: 'echo', text: cmd, secret: mark },
      ]);
    });
  });

  it('masks a marked secret in the rows and in copied text', () => {
    render(<LogView />);
    for (const i of [14, 15]) {
      expect(row(i).textContent).toContain('AT+QMTCONN=0,"c","u","••••••"');
      expect(row(i).textContent).not.toContain(PW);
    }
    fireEvent.click(row(14).querySelector('[role="cell"]')!);
    expect(useWorkbench.getState().selectedLogText()).toMatch(/"u","••••••"$/);
  });

  it('reveals the secret of one row in the detail pane only, text and bytes, and masks again on another row', () => {
    render(<LogView />);
    const hexOfPw = Array.from(PW, (c) => c.charCodeAt(0).toString(16).toUpperCase()).slice(0, 4).join(' ');
    fireEvent.click(row(14).querySelector('[role="cell"]')!);
    fireEvent.keyDown(screen.getByTestId('log-body'), { key: 'Enter' });
    expect(screen.getByTestId('log-detail-text').textContent).toBe('AT+QMTCONN=0,"c","u","••••••"');
    expect(screen.getByTestId('log-hex').textContent).not.toContain(hexOfPw);
    fireEvent.click(screen.getByTestId('log-reveal-secret'));
    expect(screen.getByTestId('log-detail-text').textContent).toBe(cmd);
    expect(screen.getByTestId('log-hex').textContent).toContain(hexOfPw);
    expect(row(14).textContent).not.toContain(PW);
    expect(row(15).textContent).not.toContain(PW);
    // The next row (its echo, the same secret) opens masked.
    fireEvent.keyDown(screen.getByTestId('log-body'), { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getByTestId('log-body'), { key: 'Enter' });
    expect(screen.getByTestId('log-detail').textContent).toContain('Line 16');
    expect(screen.getByTestId('log-detail-text').textContent).toBe('AT+QMTCONN=0,"c","u","••••••"');
  });
});

describe('LogView secrets of a sealed journal', () => {
  const sealedText = 'AT+QMTCFG="aliauth",0,"pk","dn","••••••"';
  const mark: [number, number][] = [[sealedText.indexOf('••••••'), sealedText.length - 1]];
  const clearText = 'AT+QMTCFG="aliauth",0,"pk","dn","Ds-clear-77"';
  beforeAll(() => {
    // Rows read back from a journal: the renderer holds only the placeholder.
    act(() => {
      useWorkbench.getState().appendLog([
        { index: 16, mono: 6000, wall: 6000, dir: 'tx', kind: 'command', text: sealedText, secret: mark },
        { index: 17, mono: 6001, wall: 6001, dir: 'tx', kind: 'command', text: sealedText, secret: mark },
      ]);
    });
  });
  const contract = useWorkbench.getState().api;
  /** The contract stand-in, answering revealLogRow as the main process would. */
  const withReveal = (revealLogRow: typeof contract.revealLogRow): typeof contract => new Proxy(contract, { get: (t, name) => (name === 'revealLogRow' ? revealLogRow : t[name as keyof typeof t]) });
  afterEach(() => useWorkbench.setState({ api: contract }));

  const openDetail = (index: number) => {
    render(<LogView />);
    fireEvent.click(row(index).querySelector('[role="cell"]')!);
    fireEvent.keyDown(screen.getByTestId('log-body'), { key: 'Enter' });
  };

  it('asks the main process for the one row revealed and shows its clear text', async () => {
    const asked: number[] = [];
    useWorkbench.setState({ api: withReveal(async (args) => (asked.push(args!.index), { ok: true, value: { index: args!.index, text: clearText, secret: [[33, 44]] } })) });
    openDetail(16);
    expect(screen.getByTestId('log-detail-text').textContent).toBe(sealedText);
    await act(async () => fireEvent.click(screen.getByTestId('log-reveal-secret')));
    expect(asked).toEqual([16]);
    expect(screen.getByTestId('log-detail-text').textContent).toBe(clearText);
    expect(row(16).textContent).not.toContain('Ds-clear-77');
  });

  it('says the secret cannot be revealed here when the main process cannot open it', async () => {
    useWorkbench.setState({ api: withReveal(async () => ({ ok: true, value: null })) });
    openDetail(17);
    await act(async () => fireEvent.click(screen.getByTestId('log-reveal-secret')));
    expect(screen.getByTestId('log-detail-text').textContent).toBe(sealedText);
    expect(screen.getByTestId('log-reveal-sealed').textContent).toMatch(/another computer's key/);
  });
});

describe('LogView language', () => {
  it('speaks Simplified Chinese after a switch, in the toolbar, the headers and the rows, and keeps technical tokens', async () => {
    const { i18n } = await import('../../i18n');
    render(<LogView />);
    await act(async () => void (await i18n.changeLanguage('zh-CN')));
    try {
      expect(screen.getByTestId('log-search').getAttribute('placeholder')).toBe('搜索日志行…');
      expect(screen.getByTestId('log-count').textContent).toMatch(/^18 \/ 18 行( · 已选 \d+ 行)?$/);
      expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('含义');
      expect(screen.getByTestId('log-kind-urc').textContent).toBe('URC');
      expect(row(0).querySelector('.c-kind')!.textContent).toBe('命令');
      expect(row(0).textContent).toContain('AT+QMTOPEN');
    } finally {
      await act(async () => void (await i18n.changeLanguage('en')));
    }
    expect(row(0).querySelector('.c-kind')!.textContent).toBe('command');
  });
});
