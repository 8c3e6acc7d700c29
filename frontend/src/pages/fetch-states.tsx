import {
  Alert,
  AlertActionLink,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
} from '@patternfly/react-core';
import { ExclamationCircleIcon, LockIcon } from '@patternfly/react-icons';
import { useEffect } from 'react';
import { fetchProblem, type FetchProblem } from '../api/fetch-problem.ts';
import { useApp } from '../app/AppContext.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

type HeadingLevel = 'h1' | 'h2' | 'h3';

export function isForbidden(err: unknown): boolean {
  return err !== null && err !== undefined && fetchProblem(err).kind === 'forbidden';
}

export function isNotFound(err: unknown): boolean {
  return err !== null && err !== undefined && fetchProblem(err).kind === 'notFound';
}

/** A 401 anywhere switches the whole app to "You are not signed in". */
export function useSignedOutOn(errors: readonly unknown[]): void {
  const { markSignedOut } = useApp();
  const signedOut = errors.some((e) => e !== null && e !== undefined && fetchProblem(e).kind === 'signedOut');
  useEffect(() => {
    if (signedOut) markSignedOut();
  }, [signedOut, markSignedOut]);
}

function useProblemText() {
  const { t } = useI18n();
  return (problem: FetchProblem): string => {
    switch (problem.kind) {
      case 'sessionExpired':
        return t('errors.sessionExpired');
      case 'unreachable':
        return t('errors.unreachable');
      case 'offline':
        return t('errors.offline');
      case 'signedOut':
        return t('errors.signedOut');
      case 'forbidden':
      case 'notFound':
        return problem.log;
      case 'failed':
        return t('errors.failed', { message: problem.message });
    }
  };
}

function reload() {
  window.location.reload();
}

/** "You don't have access to namespace <ns>" plus the server message (ui.md §1.3). */
export function NoAccess({
  namespace,
  error,
  headingLevel = 'h1',
}: {
  namespace: string;
  error: unknown;
  headingLevel?: HeadingLevel;
}) {
  const { t } = useI18n();
  const problem = fetchProblem(error);
  return (
    <EmptyState
      icon={LockIcon}
      titleText={t('errors.noAccess', { namespace })}
      headingLevel={headingLevel}
      data-testid="no-access"
    >
      <EmptyStateBody>{problem.kind === 'forbidden' ? problem.log : ''}</EmptyStateBody>
    </EmptyState>
  );
}

/**
 * A first load that failed: what went wrong and a way out (retry, or reload for an expired
 * session). Never the empty state: the data is unknown, not empty. Polling goes on behind it.
 */
export function LoadError({
  error,
  onRetry,
  headingLevel,
  testId = 'load-error',
}: {
  error: unknown;
  onRetry: () => void;
  headingLevel: HeadingLevel;
  testId?: string;
}) {
  const { t } = useI18n();
  const text = useProblemText();
  const problem = fetchProblem(error);
  const expired = problem.kind === 'sessionExpired';
  return (
    <EmptyState
      icon={ExclamationCircleIcon}
      status="danger"
      titleText={expired ? t('errors.sessionExpiredTitle') : t('errors.loadFailed')}
      headingLevel={headingLevel}
      data-testid={testId}
    >
      <EmptyStateBody>{text(problem)}</EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Button variant="primary" onClick={expired ? reload : onRetry} data-testid={`${testId}-retry`}>
            {expired ? t('errors.reload') : t('errors.retry')}
          </Button>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}

/**
 * One banner for the refreshes of a page that failed while its last good data stays on screen.
 * It names the first problem, says polling goes on, and disappears with the next good answer.
 */
export function RefreshBanner({ errors }: { errors: readonly unknown[] }) {
  const { t } = useI18n();
  const text = useProblemText();
  const error = errors.find((e) => e !== null && e !== undefined);
  if (error === undefined) return null;
  const problem = fetchProblem(error);
  if (problem.kind === 'signedOut') return null;
  const expired = problem.kind === 'sessionExpired';
  return (
    <Alert
      variant={expired ? 'danger' : 'warning'}
      isInline
      isPlain={false}
      title={expired ? t('errors.sessionExpiredTitle') : t('errors.refreshFailed')}
      actionLinks={expired ? <AlertActionLink onClick={reload}>{t('errors.reload')}</AlertActionLink> : undefined}
      data-testid="refresh-banner"
      className="jwa-banner"
    >
      {text(problem)}
      {!expired && ` ${t('errors.keepingData')}`}
    </Alert>
  );
}
