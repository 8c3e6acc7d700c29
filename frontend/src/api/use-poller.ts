import { useCallback, useEffect, useRef, useState } from 'react';
import { Poller } from './poller.ts';

export interface PollState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  refresh: () => void;
}

/**
 * Polls `fetch` while mounted and `enabled`; restarts when a value in `deps` changes (namespace,
 * name), aborting the request in flight. Re-renders only when the data changes.
 */
export function usePoller<T>(
  fetch: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: { enabled?: boolean; fixedDelayMs?: number } = {},
): PollState<T> {
  const enabled = options.enabled ?? true;
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: enabled,
  });
  const pollerRef = useRef<Poller<T> | undefined>(undefined);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: enabled });
    if (!enabled) return undefined;
    const poller = new Poller<T>({
      fetch: (signal) => fetchRef.current(signal),
      onData: (data) => setState({ data, error: undefined, loading: false }),
      onError: (error) => setState((s) => ({ data: s.data, error, loading: false })),
      fixedDelayMs: options.fixedDelayMs,
      isHidden: () => document.hidden,
    });
    pollerRef.current = poller;
    const onVisibility = () => {
      if (!document.hidden) poller.resume();
    };
    document.addEventListener('visibilitychange', onVisibility);
    poller.start();
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      poller.stop();
      pollerRef.current = undefined;
    };
  }, [enabled, options.fixedDelayMs, ...deps]);

  const refresh = useCallback(() => pollerRef.current?.refresh(), []);
  return { ...state, refresh };
}
