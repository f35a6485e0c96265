// Which cells the grid edits in place (the editor itself loads on first use).
import type { FieldMeta } from '../api/types';

export const INLINE_TYPES = new Set(['text', 'longtext', 'email', 'phone', 'url', 'integer', 'number', 'currency', 'percent', 'rating', 'date', 'datetime', 'select', 'boolean']);
export const canEditInline = (f: FieldMeta, path: string): boolean => f.writable && !path.includes('.') && INLINE_TYPES.has(f.type);
