import { useCallback } from 'react';
import { fetchProblem } from '../api/fetch-problem.ts';
import { useToasts } from '../components/ToastProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useApp } from './AppContext.tsx';

/**
 * Reports the failure of a user's action (start, viewer, create…) as an error toast `[<status>] <log>`;
 * a 401 switches to the signed-out notice and an expired session says so. Never for polling.
 */
export function useReportError() {
  const toasts = useToasts();
  const { t } = useI18n();
  const { markSignedOut } = useApp();
  return useCallback(
    (err: unknown) => {
      const problem = fetchProblem(err);
      if (problem.kind === 'signedOut') return markSignedOut();
      if (problem.kind === 'sessionExpired') return toasts.show('danger', t('errors.sessionExpired'));
      if (problem.kind === 'offline') return toasts.show('danger', t('errors.offline'));
      toasts.show('danger', err instanceof Error ? err.message : String(err));
    },
    [toasts, markSignedOut, t],
  );
}
