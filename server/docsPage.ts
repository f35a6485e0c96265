// /api/docs: a readable API reference rendered on the server from the OpenAPI document.
// No client script and no CDN: every text is HTML-escaped, so definition labels cannot inject markup.
type Obj = Record<string, unknown>;

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function typeOf(schema: Obj | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return String(schema.$ref).split('/').pop()!;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Obj[]).map(typeOf).join(' | ');
  if (schema.enum) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items as Obj)}[]`;
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return schema.format ? `${t} (${schema.format})` : t;
}

function fieldsTable(schema: Obj | undefined): string {
  const props = (schema?.properties ?? {}) as Record<string, Obj>;
  const required = new Set((schema?.required ?? []) as string[]);
  const rows = Object.entries(props).map(([name, p]) =>
    `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${esc(typeOf(p))}</td><td>${esc(p.title && p.title !== name ? p.title : '')}${p.readOnly ? ' <span class="ro">read-only</span>' : ''} ${esc(p.description ?? '')}</td></tr>`);
  return rows.length ? `<table><tr><th>Field</th><th>Type</th><th>Notes</th></tr>${rows.join('')}</table>` : '';
}

export function renderDocsPage(doc: Obj): string {
  const info = doc.info as Obj;
  const paths = doc.paths as Record<string, Record<string, Obj>>;
  const schemas = ((doc.components as Obj).schemas ?? {}) as Record<string, Obj>;
  const tags = (doc.tags ?? []) as { name: string; description?: string }[];
  const sections = tags.map((tag) => {
    const ops: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters' || !((op.tags as string[]) ?? []).includes(tag.name)) continue;
        const params = [...((item.parameters as unknown as Obj[]) ?? []), ...((op.parameters as Obj[]) ?? [])];
        const paramRows = params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema as Obj))}</td><td>${esc(p.description ?? '')}</td></tr>`).join('');
        const responses = Object.entries((op.responses ?? {}) as Record<string, Obj>).map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`).join('');
        ops.push(`<div class="op"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
          <p>${esc(op.summary)}</p>${paramRows ? `<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr>${paramRows}</table>` : ''}
          <ul class="resp">${responses}</ul></div>`);
      }
    }
    const P = tag.name.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
    return `<section id="${esc(tag.name)}"><h2>${esc(tag.description ?? tag.name)} <small><code>${esc(tag.name)}</code></small></h2>
      ${schemas[P] ? `<h4>Record</h4>${fieldsTable(schemas[P])}<p>With <code>fields=</code> a record carries only <code>id</code>, <code>version</code> and the fields asked for (<code>${esc(P)}Partial</code>); with <code>expand=</code> a relation holds the related record instead of its id.</p>` : ''}${schemas[`${P}Create`] ? `<h4>Writable fields (create)</h4>${fieldsTable(schemas[`${P}Create`])}` : ''}${ops.join('')}</section>`;
  });
  const nav = tags.map((t) => `<li><a href="#${esc(t.name)}">${esc(t.description ?? t.name)}</a></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC",sans-serif;margin:0;color:#1f2937;display:flex}
nav{width:240px;position:sticky;top:0;height:100vh;overflow:auto;background:#f8fafc;border-right:1px solid #e5e7eb;padding:16px;box-sizing:border-box}
nav ul{list-style:none;padding:0}nav a{color:#1d4ed8;text-decoration:none}main{flex:1;padding:24px 40px;max-width:1100px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}td,th{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f1f5f9}
.op{border:1px solid #e5e7eb;border-radius:8px;padding:8px 16px;margin:12px 0}.m{display:inline-block;min-width:60px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#2563eb}.post{background:#059669}.patch{background:#d97706}.delete{background:#dc2626}.req{color:#dc2626;font-size:11px}.ro{color:#6b7280;font-size:11px}
code{background:#f1f5f9;padding:1px 4px;border-radius:3px}section{border-top:2px solid #e5e7eb;margin-top:24px}
</style></head><body><nav><b>${esc(info.title)}</b><p>v${esc(info.version)}</p><p><a href="/api/openapi.json">openapi.json</a></p><ul>${nav}</ul></nav>
<main><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>
<p>Filters use the JSON condition language: <code>?filter={"stage":{"in":["won","negotiation"]}}</code> (URL-encoded). Pages are keyset: pass <code>meta.nextCursor</code> as <code>cursor</code>. Writes send <code>If-Match</code> with the ETag to avoid lost updates.</p>
${sections.join('')}</main></body></html>`;
}
