import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxClient } from '../../../sandbox/src/admin-client.ts';
import { adminClient } from '../../../sandbox/src/bootstrap.ts';
import type { ControlPlaneInfo } from '../../../sandbox/src/control-plane.ts';
import { E2E } from './e2e-env.ts';

/** The control plane's admin (system:masters), as `kubectl --kubeconfig admin.kubeconfig` would act. */
export function e2eAdmin(): SandboxClient {
  const info = JSON.parse(readFileSync(join(E2E.controlPlaneDir, 'control-plane.json'), 'utf8')) as ControlPlaneInfo;
  return adminClient(info);
}
