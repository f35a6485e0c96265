// Undo/redo of an editor's document: every edit pushes the previous state; Ctrl+Z / Ctrl+Shift+Z
// (or Ctrl+Y) walk the stack. The saved state is remembered so the editor knows when it is dirty.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface History<T> {
  value: T;
  set: (next: T | ((prev: T) => T)) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  dirty: boolean;
  /** Forget the stacks and take this as the saved state. */
  reset: (value: T) => void;
  markSaved: () => void;
}

const LIMIT = 100;

export function useHistory<T>(initial: T): History<T> {
  const [state, setState] = useState({ past: [] as T[], present: initial, future: [] as T[], saved: initial });
  const set = useCallback((next: T | ((prev: T) => T)) => {
    setState((s) => {
      const value = typeof next === 'function' ? (next as (p: T) => T)(s.present) : next;
      if (value === s.present) return s;
      return { ...s, past: [...s.past, s.present].slice(-LIMIT), present: value, future: [] };
    });
  }, []);
  const undo = useCallback(() => setState((s) => (s.past.length ? { ...s, past: s.past.slice(0, -1), present: s.past[s.past.length - 1], future: [s.present, ...s.future] } : s)), []);
  const redo = useCallback(() => setState((s) => (s.future.length ? { ...s, past: [...s.past, s.present], present: s.future[0], future: s.future.slice(1) } : s)), []);
  const reset = useCallback((value: T) => setState({ past: [], present: value, future: [], saved: value }), []);
  const markSaved = useCallback(() => setState((s) => ({ ...s, saved: s.present })), []);

  // Keyboard: not while typing in a text box (the browser's own undo works there).
  const ref = useRef({ undo, redo });
  ref.current = { undo, redo };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); ref.current.undo(); }
      else if ((k === 'z' && e.shiftKey) || k === 'y') { e.preventDefault(); ref.current.redo(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return {
    value: state.present, set, undo, redo, reset, markSaved,
    canUndo: state.past.length > 0, canRedo: state.future.length > 0,
    dirty: JSON.stringify(state.present) !== JSON.stringify(state.saved),
  };
}
