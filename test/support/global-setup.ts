import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bootstrapCluster } from '../../sandbox/src/bootstrap.ts';
import { type ControlPlaneInfo, startControlPlane, stopControlPlane } from '../../sandbox/src/control-plane.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    controlPlane: ControlPlaneInfo;
  }
}

/** One real control plane (etcd + kube-apiserver + controller-manager) for the whole integration run. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-test-'));
  const log = (msg: string) => console.error(`[control-plane] ${msg}`);
  const info = await startControlPlane(dir, log);
  try {
    await bootstrapCluster(info, log);
  } catch (err) {
    await stopControlPlane(info);
    throw err;
  }
  project.provide('controlPlane', info);
  return async () => {
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  };
}
