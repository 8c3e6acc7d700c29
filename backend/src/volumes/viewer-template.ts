import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PVCVIEWERS } from '../k8s/resources.ts';
import type { PvcViewer } from '../k8s/types.ts';

/**
 * The PVCViewer `spec` template (VIEWER_SPEC_PATH). `$VAR` and `${VAR}` in every string are replaced
 * from the environment plus PVC_NAME, NAME and NAMESPACE; unknown variables stay as written.
 */
export function viewerTemplateExists(path: string): boolean {
  return existsSync(path);
}

export function substituteVariables(value: unknown, vars: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, bare) => {
      const replacement = vars[(braced ?? bare) as string];
      return replacement === undefined ? match : replacement;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteVariables(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteVariables(v, vars)]));
  }
  return value;
}

/** The viewer spec for one PVC; throws when the file is unreadable or not a YAML mapping. */
export function renderViewerSpec(
  path: string,
  pvc: string,
  namespace: string,
  env: NodeJS.ProcessEnv,
): Record<string, unknown> {
  const parsed: unknown = parse(readFileSync(path, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${path} does not hold a YAML mapping`);
  }
  const vars = { ...env, PVC_NAME: pvc, NAME: pvc, NAMESPACE: namespace };
  const spec = substituteVariables(parsed, vars) as Record<string, unknown>;
  return { ...spec, pvc };
}

/** The PVCViewer is named after its PVC, which is how the volume list finds it (status.md §3). */
export function buildPvcViewer(namespace: string, pvc: string, spec: Record<string, unknown>): PvcViewer {
  return {
    apiVersion: `${PVCVIEWERS.group}/${PVCVIEWERS.version}`,
    kind: 'PVCViewer',
    metadata: { name: pvc, namespace },
    spec,
  };
}
