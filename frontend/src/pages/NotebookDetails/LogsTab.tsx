import { Button, EmptyState, SearchInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { DownloadIcon } from '@patternfly/react-icons';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { usePolledQuery } from '../../api/use-polled-query.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Polled logs; follows the end unless the user scrolled up. 400 and 404 are silent (ui.md §1.3). */
export function LogsTab({
  namespace,
  name,
  podName,
  podLoaded,
}: {
  namespace: string;
  name: string;
  podName: string | undefined;
  podLoaded: boolean;
}) {
  const { t } = useI18n();
  const logs = usePolledQuery({
    queryKey: queryKeys.notebookLogs(namespace, name, podName ?? ''),
    fetch: (signal) =>
      api.notebookLogs(namespace, name, podName ?? '', signal).catch((err: unknown) => {
        if (err instanceof ApiError && (err.status === 400 || err.status === 404)) return [] as string[];
        throw err;
      }),
    enabled: !!podName,
  });
  const [filter, setFilter] = useState('');
  const viewer = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const el = viewer.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [logs.data]);

  if (!podName) {
    return <EmptyState titleText={podLoaded ? t('details.noLogs') : t('details.podLoading')} headingLevel="h2" />;
  }
  const all = logs.data ?? [];
  const needle = filter.trim().toLowerCase();
  const lines = needle ? all.filter((l) => l.toLowerCase().includes(needle)) : all;
  const download = () => {
    const url = URL.createObjectURL(new Blob([all.join('\n') + '\n'], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.log`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput
              aria-label={t('table.filter')}
              placeholder={t('table.filter')}
              value={filter}
              onChange={(_e, v) => setFilter(v)}
              onClear={() => setFilter('')}
              data-testid="logs-filter"
            />
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" icon={<DownloadIcon />} onClick={download} data-testid="logs-download">
              {t('details.download')}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <pre
        ref={viewer}
        className="jwa-code jwa-logs"
        tabIndex={0}
        aria-label={t('details.logs')}
        data-testid="logs"
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 20;
        }}
      >
        {lines.length ? lines.join('\n') : t('details.noLogs')}
      </pre>
    </>
  );
}
