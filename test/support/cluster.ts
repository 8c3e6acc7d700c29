import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { createProfileNamespace, type ProfileBindings } from '../../sandbox/src/bootstrap.ts';
import type { ControlPlaneInfo, UserName } from '../../sandbox/src/control-plane.ts';

export function controlPlane(): ControlPlaneInfo {
  return inject('controlPlane');
}

/** A client acting as one of the control plane's users (admin by default). */
export function clientAs(user: UserName = 'admin'): SandboxClient {
  const info = controlPlane();
  return new SandboxClient(info.server, info.caFile, info.users[user].token);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export const DEFAULT_BINDINGS: ProfileBindings = {
  editors: ['alice@example.com'],
  viewers: ['bob@example.com'],
  editorGroups: ['team-a'],
};

/**
 * A fresh profile namespace for one test: alice edits, bob views, group team-a (carol) edits,
 * mallory has nothing. Namespaces are left behind (the controller-manager deletes them slowly and
 * each run has its own control plane).
 */
export async function testNamespace(
  prefix = 'test',
  bindings: ProfileBindings = DEFAULT_BINDINGS,
  labels: Record<string, string> = {},
): Promise<string> {
  const name = uniqueName(prefix);
  const admin = clientAs('admin');
  try {
    await createProfileNamespace(admin, name, bindings, labels);
  } finally {
    await admin.close();
  }
  return name;
}
