// A field rename reaches the documents that name the field: the entity's forms (items and rule
// conditions) and views (columns, sort, board/calendar field, filter), so the app stays valid.
type Json = unknown;

/** Condition keys (field paths) renamed; a dotted path's first step is the entity's own field. */
function renameInFilter(f: Json, renames: Map<string, string>): Json {
  if (Array.isArray(f)) return f.map((x) => renameInFilter(x, renames));
  if (!f || typeof f !== 'object') return f;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(f as Record<string, Json>)) {
    if (k === 'and' || k === 'or' || k === 'not') { out[k] = renameInFilter(v, renames); continue; }
    const [head, ...rest] = k.split('.');
    out[[renames.get(head) ?? head, ...rest].join('.')] = v;
  }
  return out;
}

export function renameRefs(kind: string, doc: Record<string, Json>, entity: string, renames: Map<string, string>): Record<string, Json> | null {
  if (doc.entity !== entity || renames.size === 0) return null;
  const before = JSON.stringify(doc);
  let next: Record<string, Json> = doc;
  if (kind === 'form') {
    const sections = (doc.sections as { fields: Record<string, Json>[] }[] | undefined) ?? [];
    next = {
      ...doc,
      sections: sections.map((s) => ({
        ...s,
        fields: s.fields.map((i) => ({
          ...i, field: renames.get(i.field as string) ?? i.field,
          ...(i.visibleWhen ? { visibleWhen: renameInFilter(i.visibleWhen, renames) } : {}),
          ...(i.requiredWhen ? { requiredWhen: renameInFilter(i.requiredWhen, renames) } : {}),
        })),
      })),
    };
  } else if (kind === 'view') {
    const name = (n: Json): Json => (typeof n === 'string' ? renames.get(n) ?? n : n);
    next = {
      ...doc,
      ...(Array.isArray(doc.columns) ? { columns: doc.columns.map(name) } : {}),
      ...(Array.isArray(doc.sort) ? { sort: doc.sort.map((s) => (typeof s === 'string' && s.startsWith('-') ? `-${String(name(s.slice(1)))}` : name(s))) } : {}),
      ...(doc.groupBy ? { groupBy: name(doc.groupBy) } : {}),
      ...(doc.filter ? { filter: renameInFilter(doc.filter, renames) } : {}),
    };
  } else {
    return null;
  }
  return JSON.stringify(next) === before ? null : next;
}
