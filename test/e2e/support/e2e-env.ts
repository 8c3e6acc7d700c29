export const E2E_USER = 'alice@example.com';

/** Notebooks the global setup creates in E2E.namespace; each mutating test has its own. */
export const SEEDED = {
  ready: 'e2e-ready',
  stopped: 'e2e-stopped',
  warning: 'e2e-warning',
  toStop: 'e2e-to-stop',
  toStart: 'e2e-to-start',
  toDelete: 'e2e-to-delete',
  toEdit: 'e2e-to-edit',
  /** The one notebook of E2E.secondNamespace. */
  second: 'e2e-second',
} as const;

/** Values the global setup hands to the tests through the environment. */
export const E2E = {
  get baseUrl(): string {
    return required('E2E_BASE_URL');
  },
  get namespace(): string {
    return required('E2E_NAMESPACE');
  },
  get secondNamespace(): string {
    return required('E2E_SECOND_NAMESPACE');
  },
  get forbiddenNamespace(): string {
    return required('E2E_FORBIDDEN_NAMESPACE');
  },
  /** Where the local notebook controller, the scheduler and kwok run notebooks for real. */
  get lifecycleNamespace(): string {
    return required('E2E_LIFECYCLE_NAMESPACE');
  },
  get controlPlaneDir(): string {
    return required('E2E_CONTROL_PLANE_DIR');
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through playwright.config.ts (global setup)`);
  return value;
}
