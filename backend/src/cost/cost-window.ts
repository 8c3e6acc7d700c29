import { COST_WINDOW_KEYWORDS } from '@jupyter-apis/contract';

const DURATION = /^\d{1,6}[mhdw]$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UNIX = /^\d{1,12}$/;

function isPair(window: string, part: RegExp, valid: (s: string) => boolean = () => true): boolean {
  const parts = window.split(',');
  return parts.length === 2 && parts.every((p) => part.test(p) && valid(p));
}

/** api.md §3.4: the window forms Kubecost documents for the allocation API. */
export function isValidCostWindow(window: string): boolean {
  if ((COST_WINDOW_KEYWORDS as readonly string[]).includes(window)) return true;
  if (DURATION.test(window)) return true;
  if (isPair(window, RFC3339, (s) => !Number.isNaN(Date.parse(s)))) return true;
  return isPair(window, UNIX);
}
