import { describe, expect, it } from 'vitest';
import { parsePrefs, SIDEBAR_MAX } from './prefs';
import { listShortcuts, matchesChord, parseChord, registerShortcuts, shortcutFor, tabKey, type Shortcut } from './shortcuts';

const key = (k: string, code: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'shiftKey' | 'metaKey', boolean>> = {}) => ({ key: k, code, altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, target: null, ...mods });

describe('shortcut chords', () => {
  it('matches Alt+digit by key, and by physical key where Option changes the character', () => {
    const c = parseChord('Alt+3');
    expect(matchesChord(key('3', 'Digit3', { altKey: true }), c)).toBe(true);
    expect(matchesChord(key('£', 'Digit3', { altKey: true }), c)).toBe(true);
    expect(matchesChord(key('3', 'Digit3'), c)).toBe(false);
    expect(matchesChord(key('3', 'Digit3', { altKey: true, ctrlKey: true }), c)).toBe(false);
  });

  it('matches ? however Shift was used to type it, and Ctrl+B case-insensitively', () => {
    expect(matchesChord(key('?', 'Slash', { shiftKey: true }), parseChord('?'))).toBe(true);
    expect(matchesChord(key('b', 'KeyB', { ctrlKey: true }), parseChord('Ctrl+B'))).toBe(true);
    expect(matchesChord(key('B', 'KeyB', { ctrlKey: true, shiftKey: true }), parseChord('Ctrl+B'))).toBe(false);
    expect(parseChord('Ctrl++')).toMatchObject({ key: '+', ctrl: true });
  });

  it('picks the enabled shortcut and skips documented-only keys', () => {
    let ran = '';
    const list: Shortcut[] = [
      { id: 'doc', keys: 'Alt+1', label: 'documented', group: 'g' },
      { id: 'off', keys: 'Alt+1', label: 'off', group: 'g', run: () => (ran = 'off'), enabled: () => false },
      { id: 'on', keys: 'Alt+1', label: 'on', group: 'g', run: () => (ran = 'on') },
    ];
    shortcutFor(key('1', 'Digit1', { altKey: true }), list)?.run?.();
    expect(ran).toBe('on');
  });

  it('a later registration with the same id replaces the earlier one, and removal restores nothing stale', () => {
    const a = registerShortcuts([{ id: 'x', keys: 'Alt+X', label: 'a', group: 'g', run: () => undefined }]);
    const b = registerShortcuts([{ id: 'x', keys: 'Alt+X', label: 'b', group: 'g', run: () => undefined }]);
    expect(listShortcuts().filter((s) => s.id === 'x').map((s) => s.label)).toEqual(['b']);
    // Removing the replaced one leaves the replacement in place.
    a();
    expect(listShortcuts().filter((s) => s.id === 'x').map((s) => s.label)).toEqual(['b']);
    b();
    expect(listShortcuts().some((s) => s.id === 'x')).toBe(false);
  });

  it('gives the first nine tabs Alt+1 … Alt+9', () => {
    expect([0, 4, 8, 9].map(tabKey)).toEqual(['Alt+1', 'Alt+5', 'Alt+9', undefined]);
  });
});

describe('stored settings', () => {
  it('falls back field by field on missing, broken or out-of-range values', () => {
    expect(parsePrefs(null)).toEqual({ theme: 'system', language: 'system', sidebarCollapsed: false, sidebarWidth: 340, panes: {} });
    expect(parsePrefs('{not json')).toMatchObject({ theme: 'system' });
    expect(parsePrefs(JSON.stringify({ theme: 'dark', language: 'zh-CN', sidebarCollapsed: true, sidebarWidth: 9999, panes: { diagram: 0.4, bad: 'x', tiny: 0 } }))).toEqual({ theme: 'dark', language: 'zh-CN', sidebarCollapsed: true, sidebarWidth: SIDEBAR_MAX, panes: { diagram: 0.4, tiny: 0.1 } });
    expect(parsePrefs(JSON.stringify({ theme: 'neon', password: 'x' }))).not.toHaveProperty('password');
    expect(parsePrefs(JSON.stringify({ language: 'klingon' })).language).toBe('system');
  });
});
