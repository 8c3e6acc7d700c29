import { EmptyState } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { ApiError } from '../../api/api-error.ts';
import type { KubeEvent } from '../../api/types.ts';
import type { QueryKey } from '@tanstack/react-query';
import { usePolledQuery } from '../../api/use-polled-query.ts';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { useNow } from '../../components/use-now.ts';
import { eventMessage, eventTime, newestFirst } from '../../concepts/events.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Events newest first with the controller's "Reissued from " prefix removed; 404 is silent. */
export function EventsTab({
  load,
  queryKey,
}: {
  load: (signal: AbortSignal) => Promise<KubeEvent[]>;
  queryKey: QueryKey;
}) {
  const { t, format } = useI18n();
  const now = useNow();
  const events = usePolledQuery({
    queryKey,
    fetch: (signal) =>
      load(signal).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return [] as KubeEvent[];
        throw err;
      }),
  });
  const list = newestFirst(events.data ?? []);
  if (events.data && list.length === 0) {
    return <EmptyState titleText={t('details.noEvents')} headingLevel="h2" data-testid="events-empty" />;
  }
  return (
    <Table variant="compact" aria-label={t('details.events')} data-testid="events">
      <Thead>
        <Tr>
          <Th>{t('details.eventType')}</Th>
          <Th>{t('details.eventReason')}</Th>
          <Th>{t('details.eventCreated')}</Th>
          <Th>{t('details.eventMessage')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {list.map((e, i) => (
          <Tr key={e.metadata.name ?? i}>
            <Td>{e.type}</Td>
            <Td>{e.reason}</Td>
            <Td>
              <RelativeTime iso={eventTime(e)} now={now} format={format} empty="—" />
            </Td>
            <Td>{eventMessage(e)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
