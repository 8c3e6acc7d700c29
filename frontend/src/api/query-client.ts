import { QueryClient } from '@tanstack/react-query';

/**
 * One cache for every page. Polling is the retry: a failed fetch is not retried on its own but
 * polled again with the back-off (polling.ts), keeping the last good data. `refetchOnWindowFocus`
 * fetches at once when a hidden tab becomes visible; polling pauses while it is hidden.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        staleTime: 0,
        refetchOnWindowFocus: true,
        refetchIntervalInBackground: false,
      },
      mutations: { retry: false },
    },
  });
}
