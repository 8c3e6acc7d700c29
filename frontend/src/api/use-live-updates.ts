import type { LiveKind } from '@jupyter-apis/contract';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { LiveQuerySync, type LiveDetails, type LiveNews } from './live-query-sync.ts';
import type { LiveStatus } from './live-stream.ts';

export interface LiveUpdatesOptions {
  namespace: string;
  kinds: readonly LiveKind[];
  details?: LiveDetails;
  /** Start once the page's first data is in (the first paint comes from the list routes). */
  enabled: boolean;
  quietKeys?: readonly QueryKey[];
  onNews?: (kind: LiveKind, names: LiveNews) => void;
}

/** `off`: no stream for this page (not enabled yet); otherwise the stream's status. */
export type LiveUpdatesStatus = LiveStatus | 'off';

/**
 * Follows the namespace's live stream while mounted and enabled, writing into the page's queries
 * (see LiveQuerySync); a new namespace, list or details object starts a new stream.
 */
export function useLiveUpdates(options: LiveUpdatesOptions): LiveUpdatesStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveUpdatesStatus>('off');
  const onNews = useRef(options.onNews);
  onNews.current = options.onNews;
  const quietKeys = useRef(options.quietKeys);
  quietKeys.current = options.quietKeys;
  const { namespace, enabled } = options;
  const kinds = options.kinds.join(',');
  const details = options.details ? JSON.stringify(options.details) : '';
  useEffect(() => {
    if (!enabled) return;
    const sync = new LiveQuerySync(client, {
      namespace,
      kinds: kinds.split(',') as LiveKind[],
      details: details ? (JSON.parse(details) as LiveDetails) : undefined,
      quietKeys: quietKeys.current,
      onNews: (kind, names) => onNews.current?.(kind, names),
      onStatus: setStatus,
    });
    setStatus('connecting');
    sync.start();
    return () => {
      sync.stop();
      setStatus('off');
    };
  }, [client, namespace, kinds, details, enabled]);
  return status;
}
