import { useCallback } from 'react';
import { ApiError } from '../api/api-error.ts';
import { useToasts } from '../components/ToastProvider.tsx';
import { useApp } from './AppContext.tsx';

/** Shows `[<status>] <log>` as an error toast; a 401 switches to the signed-out notice instead. */
export function useReportError() {
  const toasts = useToasts();
  const { markSignedOut } = useApp();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) {
        markSignedOut();
        return;
      }
      toasts.show('danger', err instanceof Error ? err.message : String(err));
    },
    [toasts, markSignedOut],
  );
}
