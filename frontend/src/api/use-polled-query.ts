import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { pollInterval, resetBackoff, trackChanges } from './polling.ts';

export interface PolledQuery<T> {
  /** The last good data, kept while later polls fail. */
  data: T | undefined;
  /** The last poll's error; null once a poll succeeds again. */
  error: unknown;
  /** No data and no answer yet. */
  loading: boolean;
  /** Poll now and restart the back-off (after a user action). */
  refresh: () => void;
}

/**
 * Polls while mounted and `enabled` with the back-off of ui.md §7, one request at a time, pausing
 * in hidden tabs. Re-renders only when the data changes (structural sharing keeps equal answers).
 */
export function usePolledQuery<T>(options: {
  queryKey: QueryKey;
  fetch: (signal: AbortSignal) => Promise<T>;
  enabled?: boolean;
  fixedDelayMs?: number;
}): PolledQuery<T> {
  const client = useQueryClient();
  const { queryKey, fixedDelayMs } = options;
  const query = useQuery<T>({
    queryKey,
    queryFn: trackChanges(client, queryKey, options.fetch),
    enabled: options.enabled ?? true,
    refetchInterval: (q) => pollInterval(q, fixedDelayMs),
  });
  const { refetch } = query;
  const keyText = JSON.stringify(queryKey);
  const refresh = useCallback(() => {
    resetBackoff(JSON.parse(keyText) as QueryKey);
    void refetch();
  }, [keyText, refetch]);
  return {
    data: query.data,
    error: query.error,
    loading: query.isPending && query.fetchStatus !== 'idle',
    refresh,
  };
}
