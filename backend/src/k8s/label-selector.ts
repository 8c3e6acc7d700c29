import type { Labels } from './types.ts';

export type LabelRequirement =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: 'doesNotExist' };

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)(${KEY})$`);

/** Splits on commas that are not inside a set's parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/**
 * Parses a Kubernetes label selector string (`a=b,c!=d,e in (x,y),!f`); undefined when it is not one
 * we understand, so callers can fall back to asking the API server.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] | undefined {
  const requirements: LabelRequirement[] = [];
  for (const part of splitRequirements(selector)) {
    let m = EQUALITY.exec(part);
    if (m) {
      const value = m[4] ?? '';
      requirements.push({ key: m[1]!, op: m[3] === '!=' ? 'notin' : 'in', values: [value] });
      continue;
    }
    m = SET.exec(part);
    if (m) {
      const values = m[4]!.split(',').map((v) => v.trim());
      requirements.push({ key: m[1]!, op: m[3] as 'in' | 'notin', values });
      continue;
    }
    m = EXISTS.exec(part);
    if (m) {
      requirements.push({ key: m[2]!, op: m[1] ? 'doesNotExist' : 'exists' });
      continue;
    }
    return undefined;
  }
  return requirements;
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Labels | undefined): boolean {
  return requirements.every((r) => {
    const value = labels?.[r.key];
    switch (r.op) {
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'doesNotExist':
        return value === undefined;
    }
  });
}
