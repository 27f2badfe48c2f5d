// One keyboard-shortcut registry for the whole window. A document-level handler runs them with
// nothing focused (and over inputs for modifier chords); the `?` overlay lists what is registered,
// so a view or a tab that registers a shortcut is documented by doing so.
import { useEffect, useSyncExternalStore } from 'react';

export interface Shortcut {
  /** Unique; a later registration with the same id replaces the earlier one. */
  id: string;
  /** Chord as shown and matched: 'Alt+1', 'Ctrl+B', '?', 'Shift+Alt+P', '/'. */
  keys: string;
  label: string;
  /** Heading in the overlay: 'Views', 'Actions', 'Log' … */
  group: string;
  /** Omitted for documented keys that a focused widget handles itself (the log's arrows). */
  run?: () => void;
  /** False while the shortcut does not apply (its button would be disabled). */
  enabled?: () => boolean;
}

export interface Chord {
  key: string;
  alt: boolean;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
}

/** 'Ctrl+Shift+P' → {key:'p', ctrl, shift}; the key part is compared case-insensitively. */
export function parseChord(keys: string): Chord {
  const parts = keys.split('+').map((p) => p.trim());
  // 'Ctrl++' ends in an empty part: the key is '+'.
  const key = parts.at(-1) === '' ? '+' : (parts.at(-1) ?? '');
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  return { key: key.toLowerCase(), alt: mods.has('alt'), ctrl: mods.has('ctrl'), shift: mods.has('shift'), meta: mods.has('meta') || mods.has('cmd') };
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'shiftKey' | 'metaKey'>;

/**
 * True when the event is the chord. Digits and letters also match by physical key (`code`), since
 * Alt/Option changes `key` on some layouts (macOS Option+1 is '¡'). A printable symbol such as '?'
 * matches on `key` alone: Shift is how it is typed, not part of the chord.
 */
export function matchesChord(e: KeyLike, c: Chord): boolean {
  if (e.altKey !== c.alt || e.ctrlKey !== c.ctrl || e.metaKey !== c.meta) return false;
  const alnum = /^[a-z0-9]$/.test(c.key);
  if (alnum && e.shiftKey !== c.shift) return false;
  if (e.key.toLowerCase() === c.key) return true;
  if (!alnum) return false;
  return e.code === (/[0-9]/.test(c.key) ? `Digit${c.key}` : `Key${c.key.toUpperCase()}`);
}

const registry = new Map<string, Shortcut>();
let snapshot: Shortcut[] = [];
const listeners = new Set<() => void>();
const changed = () => {
  snapshot = [...registry.values()];
  for (const l of listeners) l();
};

/** Adds shortcuts; returns the function that removes them again. */
export function registerShortcuts(list: readonly Shortcut[]): () => void {
  for (const s of list) registry.set(s.id, s);
  changed();
  return () => {
    for (const s of list) if (registry.get(s.id) === s) registry.delete(s.id);
    changed();
  };
}

/** Registers shortcuts while the component is mounted (pass a stable or memoised list). */
export function useShortcuts(list: readonly Shortcut[]): void {
  useEffect(() => registerShortcuts(list), [list]);
}

/** What is registered now, in registration order. */
export function listShortcuts(): Shortcut[] {
  return snapshot;
}

/** Alt+1 … Alt+9 for the first nine tabs, in the order they are listed. */
export function tabKey(index: number): string | undefined {
  return index < 9 ? `Alt+${index + 1}` : undefined;
}

export function useShortcutList(): Shortcut[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
}

/** Typing in a field owns plain keys ('?', '/'); only chords with Ctrl/Alt/Meta reach shortcuts there. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.isContentEditable) return true;
  const field = el.closest('input, textarea, select');
  if (!field) return false;
  const type = (field as HTMLInputElement).type;
  return !(field instanceof HTMLInputElement) || !['checkbox', 'radio', 'button', 'submit', 'range', 'file'].includes(type);
}

/** Picks the shortcut an event triggers, if any (pure over the list, for tests). */
export function shortcutFor(e: KeyLike & { target: EventTarget | null }, list: readonly Shortcut[]): Shortcut | undefined {
  const chorded = e.altKey || e.ctrlKey || e.metaKey;
  if (!chorded && isTyping(e.target)) return undefined;
  return list.find((s) => s.run && matchesChord(e, parseChord(s.keys)) && (s.enabled?.() ?? true));
}

/** The one document-level handler. Installed once at start-up; returns its removal. */
export function installShortcutHandler(doc: Document = document): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const s = shortcutFor(e, snapshot);
    if (!s?.run) return;
    // An open modal dialog owns the keyboard, except for the key that toggles the shortcut list.
    if (s.id !== 'help' && doc.querySelector('dialog[open]')) return;
    e.preventDefault();
    s.run();
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
