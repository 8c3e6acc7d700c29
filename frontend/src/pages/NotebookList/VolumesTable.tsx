import { Button, EmptyState, Flex, Popover, Progress, Spinner, Tooltip } from '@patternfly/react-core';
import { ExternalLinkAltIcon, FolderOpenIcon, TimesCircleIcon, TrashIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr, type ThProps } from '@patternfly/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/endpoints.ts';
import type { PvcListItem } from '../../api/types.ts';
import { useReportError } from '../../app/use-report-error.ts';
import { useToasts } from '../../components/ToastProvider.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { COLUMN_FROM, paginationTitles } from '../../components/table-layout.ts';
import { TableToolbar, useTablePaging } from '../../components/TableToolbar.tsx';
import { tableView, type Column, type SortDirection } from '../../components/table-view.ts';
import { parseQuantity } from '../../concepts/quantity.ts';
import { StatusIcon, useStatusText } from '../../concepts/StatusIcon.tsx';
import { isHiddenVolume, volumeDisplayStatus } from '../../concepts/volume-status.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export interface VolumesTableProps {
  pvcs: PvcListItem[];
  now: number;
  onDelete: (namespace: string, name: string) => void;
  /** PVC viewers are enabled on the server (/info features.pvcViewers). */
  viewers: boolean;
  onViewerChanged: () => void;
  emptyHeadingLevel: 'h2' | 'h3';
}

const VISIBILITY: Record<string, string> = {
  age: COLUMN_FROM.w1300,
  usage: COLUMN_FROM.w900,
  modes: COLUMN_FROM.w1100,
  class: COLUMN_FROM.w1100,
  usedBy: COLUMN_FROM.w900,
};

export function VolumesTable({ pvcs, now, onDelete, viewers, onViewerChanged, emptyHeadingLevel }: VolumesTableProps) {
  const toasts = useToasts();
  const reportError = useReportError();
  const viewerAction = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      toasts.show('info', done);
      onViewerChanged();
    } catch (err) {
      reportError(err);
    }
  };
  const { t, format } = useI18n();
  const statusTextOf = useStatusText();
  const [sort, setSort] = useState<{ column: string; direction: SortDirection }>({ column: 'name', direction: 'asc' });
  const paging = useTablePaging();
  const columns = useMemo<Column<PvcListItem>[]>(
    () => [
      { id: 'status', sortValue: (p) => volumeDisplayStatus(p).phase, text: (p) => volumeDisplayStatus(p).phase },
      { id: 'name', sortValue: (p) => p.name, text: (p) => p.name },
      { id: 'age', sortValue: (p) => Date.parse(p.age) || 0 },
      { id: 'size', sortValue: (p) => parseQuantity(p.capacity) },
      { id: 'usage', sortValue: (p) => Number(p.usage || -1) },
      { id: 'modes', sortValue: (p) => p.modes.join(','), text: (p) => p.modes.join(' ') },
      { id: 'class', sortValue: (p) => p.class, text: (p) => p.class },
      { id: 'usedBy', sortValue: (p) => p.notebooks.join(','), text: (p) => p.notebooks.join(' ') },
    ],
    [],
  );
  const visible = pvcs.filter((p) => !isHiddenVolume(p));
  const view = tableView(visible, columns, paging.filter, sort, paging.page, paging.perPage);
  const headers = [
    t('volumes.columns.status'),
    t('volumes.columns.name'),
    t('volumes.columns.created'),
    t('volumes.columns.size'),
    t('volumes.columns.usage'),
    t('volumes.columns.modes'),
    t('volumes.columns.class'),
    t('volumes.columns.usedBy'),
  ];
  const sortProps = (id: string, index: number): ThProps['sort'] => ({
    sortBy: { index: columns.findIndex((c) => c.id === sort.column), direction: sort.direction },
    onSort: (_e, _i, direction) => setSort({ column: id, direction }),
    columnIndex: index,
  });

  if (visible.length === 0) {
    return <EmptyState titleText={t('volumes.empty')} headingLevel={emptyHeadingLevel} data-testid="volumes-empty" />;
  }
  return (
    <>
      <TableToolbar
        paging={paging}
        total={view.total}
        filterLabel={t('volumes.filter')}
        filterPlaceholder={t('table.filter')}
        titles={paginationTitles(t, t('volumes.pagination'), {
          page: paging.page,
          perPage: paging.perPage,
          total: view.total,
        })}
        testId="volumes"
      />
      <Table aria-label={t('volumes.title')} variant="compact" data-testid="volumes-table" className="jwa-table">
        <Thead>
          <Tr>
            {headers.map((h, i) => (
              <Th
                key={columns[i]!.id}
                sort={sortProps(columns[i]!.id, i)}
                modifier="nowrap"
                className={VISIBILITY[columns[i]!.id]}
              >
                {h}
              </Th>
            ))}
            <Th screenReaderText={t('volumes.columns.actions')} />
          </Tr>
        </Thead>
        <Tbody>
          {view.rows.map((pvc) => {
            const display = volumeDisplayStatus(pvc);
            const used = pvc.notebooks.length > 0;
            const terminating = pvc.status.phase === 'terminating';
            const usage = Number(pvc.usage);
            const message =
              display.phase === 'attached'
                ? t('volumes.attached')
                : display.phase === 'unattached'
                  ? t('volumes.unattached')
                  : statusTextOf(pvc.status);
            return (
              <Tr key={`${pvc.namespace}/${pvc.name}`} data-testid={`volume-row-${pvc.name}`}>
                <Td dataLabel={headers[0]} modifier="nowrap">
                  <StatusIcon phase={display.phase} message={message} testId={`volume-status-${pvc.name}`} withText />
                </Td>
                <Td dataLabel={headers[1]} modifier="nowrap">
                  <Link
                    to={`/volume/details/${pvc.namespace}/${pvc.name}`}
                    className="jwa-truncate"
                    title={pvc.name}
                    data-testid={`volume-link-${pvc.name}`}
                  >
                    {pvc.name}
                  </Link>
                </Td>
                <Td dataLabel={headers[2]} modifier="nowrap" className={VISIBILITY.age}>
                  <RelativeTime iso={pvc.age} now={now} format={format} empty="—" />
                </Td>
                <Td dataLabel={headers[3]} modifier="nowrap">
                  {format.memory(pvc.capacity)}
                </Td>
                <Td dataLabel={headers[4]} className={VISIBILITY.usage}>
                  {pvc.usage && Number.isFinite(usage) ? (
                    <Tooltip content={t('volumes.usedBytes', { bytes: format.bytes(Number(pvc.usedBytes)) })}>
                      <Progress
                        value={usage}
                        size="sm"
                        aria-label={t('volumes.usageLabel', { name: pvc.name })}
                        variant={usage >= 90 ? 'warning' : undefined}
                        measureLocation="outside"
                      />
                    </Tooltip>
                  ) : (
                    '—'
                  )}
                </Td>
                <Td dataLabel={headers[5]} modifier="nowrap" className={VISIBILITY.modes}>
                  {pvc.modes.join(', ')}
                </Td>
                <Td dataLabel={headers[6]} modifier="nowrap" className={VISIBILITY.class}>
                  {pvc.class}
                </Td>
                <Td dataLabel={headers[7]} modifier="nowrap" className={VISIBILITY.usedBy}>
                  {pvc.notebooks.length <= 1 ? (
                    pvc.notebooks.map((n) => (
                      <Link key={n} to={`/notebook/details/${pvc.namespace}/${n}`}>
                        {n}
                      </Link>
                    ))
                  ) : (
                    <Popover
                      bodyContent={
                        <Flex direction={{ default: 'column' }}>
                          {pvc.notebooks.map((n) => (
                            <Link key={n} to={`/notebook/details/${pvc.namespace}/${n}`}>
                              {n}
                            </Link>
                          ))}
                        </Flex>
                      }
                    >
                      <Button variant="link" isInline>
                        {t('volumes.notebookCount', { count: pvc.notebooks.length })}
                      </Button>
                    </Popover>
                  )}
                </Td>
                <Td isActionCell className="jwa-actions-cell">
                  <Flex spaceItems={{ default: 'spaceItemsNone' }} flexWrap={{ default: 'nowrap' }}>
                    {viewers && pvc.viewer && (
                      <ViewerButtons
                        name={pvc.name}
                        status={pvc.viewer.status}
                        url={pvc.viewer.url}
                        onOpen={() =>
                          viewerAction(
                            () => api.openViewer(pvc.namespace, pvc.name),
                            t('viewer.starting', { name: pvc.name }),
                          )
                        }
                        onClose={() =>
                          viewerAction(
                            () => api.closeViewer(pvc.namespace, pvc.name),
                            t('viewer.closed', { name: pvc.name }),
                          )
                        }
                      />
                    )}
                    {terminating ? (
                      <Spinner size="md" aria-label={t('status.pvcDeleting')} />
                    ) : (
                      <Tooltip
                        content={
                          used
                            ? t('volumes.cannotDelete', { notebooks: pvc.notebooks.join(', ') })
                            : t('actions.delete')
                        }
                      >
                        <Button
                          variant="plain"
                          aria-label={t('volumes.deleteNamed', { name: pvc.name })}
                          icon={<TrashIcon />}
                          isAriaDisabled={used}
                          onClick={() => onDelete(pvc.namespace, pvc.name)}
                          data-testid={`delete-volume-${pvc.name}`}
                        />
                      </Tooltip>
                    )}
                  </Flex>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </>
  );
}

function ViewerButtons(props: {
  name: string;
  status: string;
  url: string | null;
  onOpen: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  if (props.status === 'uninitialized') {
    return (
      <Tooltip content={t('viewer.open', { name: props.name })}>
        <Button
          variant="plain"
          aria-label={t('viewer.open', { name: props.name })}
          icon={<FolderOpenIcon />}
          onClick={props.onOpen}
          data-testid={`open-viewer-${props.name}`}
        />
      </Tooltip>
    );
  }
  if (props.status === 'ready' && props.url) {
    return (
      <>
        <Tooltip content={t('viewer.browse', { name: props.name })}>
          <Button
            variant="plain"
            component="a"
            href={props.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('viewer.browse', { name: props.name })}
            icon={<ExternalLinkAltIcon />}
          />
        </Tooltip>
        <Tooltip content={t('viewer.close', { name: props.name })}>
          <Button
            variant="plain"
            aria-label={t('viewer.close', { name: props.name })}
            icon={<TimesCircleIcon />}
            onClick={props.onClose}
          />
        </Tooltip>
      </>
    );
  }
  return <Spinner size="md" aria-label={t('viewer.starting', { name: props.name })} />;
}
