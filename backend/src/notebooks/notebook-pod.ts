import type { Pod } from '../k8s/types.ts';

export const NOTEBOOK_POD_LABEL = 'notebook-name';

/** The notebook's pod among those labelled notebook-name=<nb>: `<nb>-0` if present, else the newest. */
export function pickNotebookPod(pods: readonly Pod[], notebook: string): Pod | undefined {
  const mine = pods.filter((p) => p.metadata.labels?.[NOTEBOOK_POD_LABEL] === notebook);
  const first = mine.find((p) => p.metadata.name === `${notebook}-0`);
  if (first) return first;
  return [...mine].sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    return tb - ta || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
  })[0];
}

/** Log text as lines; the empty string after the final newline is not a line. */
export function logLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
