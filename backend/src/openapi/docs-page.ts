function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained page listing the operations of an OpenAPI document; no external assets. */
export function renderDocsPage(document: Record<string, unknown>): string {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { summary?: string }>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) =>
        `<details><summary><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code> ${escapeHtml(op.summary ?? '')}</summary><pre>${escapeHtml(JSON.stringify(op, null, 2))}</pre></details>`,
    ),
  );
  const info = (document.info ?? {}) as { title?: string; version?: string };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title ?? 'API')} API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}details{margin:.3rem 0}summary{cursor:pointer}pre{background:#f4f4f4;padding:.8rem;overflow:auto}</style>
</head><body><h1>${escapeHtml(info.title ?? 'API')} ${escapeHtml(info.version ?? '')}</h1>
<p>Machine-readable: <a href="openapi.json">openapi.json</a></p>
${rows.join('\n')}
</body></html>`;
}
