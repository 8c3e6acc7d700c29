export const NAMESPACE_STORAGE_KEY = 'jupyter-apis.namespace';
export const FALLBACK_NAMESPACE = 'kubeflow-user';

/** `?ns=`, then the last used value, then the first listed namespace, then kubeflow-user (ui.md §1.2). */
export function initialNamespace(search: string, saved: string | null, listed: readonly string[]): string {
  const fromQuery = new URLSearchParams(search).get('ns');
  if (fromQuery) return fromQuery;
  if (saved && (listed.length === 0 || listed.includes(saved))) return saved;
  return listed[0] ?? FALLBACK_NAMESPACE;
}
