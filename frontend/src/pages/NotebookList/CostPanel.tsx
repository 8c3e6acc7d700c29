import { Card, CardBody, CardTitle, FormSelect, FormSelectOption, Spinner } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { usePolledQuery } from '../../api/use-polled-query.ts';
import { COST_WINDOWS, costSummary } from '../../concepts/cost.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Kubecost spend of the namespace; polled every 30 s (ui.md §2.5). */
export function CostPanel({ namespace }: { namespace: string }) {
  const { t, format } = useI18n();
  const [window, setWindow] = useState<string>('today');
  const cost = usePolledQuery({
    queryKey: queryKeys.cost(namespace, window),
    fetch: (signal) => api.cost(namespace, window, signal),
    fixedDelayMs: 30_000,
  });
  const failed = !!cost.error && !cost.data;
  const summary = cost.data ? costSummary(cost.data, namespace) : undefined;
  return (
    <Card data-testid="cost-panel" isCompact>
      <CardTitle component="h2">{t('cost.title')}</CardTitle>
      <CardBody>
        <FormSelect
          value={window}
          onChange={(_e, v) => setWindow(v)}
          aria-label={t('cost.window')}
          style={{ maxWidth: '20rem' }}
        >
          {COST_WINDOWS.map((w) => (
            <FormSelectOption key={w} value={w} label={t(`cost.windows.${w}`)} />
          ))}
        </FormSelect>
        {cost.loading && <Spinner size="lg" aria-label={t('common.loading')} />}
        {failed && <p data-testid="cost-error">{t('cost.failed')}</p>}
        {summary && (
          <Table variant="compact" aria-label={t('cost.title')}>
            <Thead>
              <Tr>
                <Th>{t('cost.cpu')}</Th>
                <Th>{t('cost.gpu')}</Th>
                <Th>{t('cost.ram')}</Th>
                <Th>{t('cost.storage')}</Th>
                <Th>{t('cost.total')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              <Tr>
                <Td>{format.currency(summary.cpu)}</Td>
                <Td>{format.currency(summary.gpu)}</Td>
                <Td>{format.currency(summary.ram)}</Td>
                <Td>{format.currency(summary.storage)}</Td>
                <Td>{format.currency(summary.total)}</Td>
              </Tr>
            </Tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
