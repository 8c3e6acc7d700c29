import { Alert, EmptyState, EmptyStateBody } from '@patternfly/react-core';
import { LockIcon } from '@patternfly/react-icons';
import { ApiError } from '../api/api-error.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function isForbidden(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 403;
}

export function isUnreachable(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 503 || err.status === 504);
}

/** "You don't have access to namespace <ns>" plus the server message (ui.md §1.3). */
export function NoAccess({ namespace, error }: { namespace: string; error: ApiError }) {
  const { t } = useI18n();
  return (
    <EmptyState
      icon={LockIcon}
      titleText={t('errors.noAccess', { namespace })}
      headingLevel="h2"
      data-testid="no-access"
    >
      <EmptyStateBody>{error.log}</EmptyStateBody>
    </EmptyState>
  );
}

export function UnreachableBanner() {
  const { t } = useI18n();
  return <Alert variant="warning" isInline title={t('errors.unreachable')} data-testid="unreachable-banner" />;
}
