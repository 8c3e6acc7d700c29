import {
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Flex,
  Icon,
  MenuToggle,
  Popover,
  Tooltip,
} from '@patternfly/react-core';
import {
  EllipsisVIcon,
  ExternalLinkAltIcon,
  InfoCircleIcon,
  PlayIcon,
  StopIcon,
  TrashIcon,
} from '@patternfly/react-icons';
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr, type ThProps } from '@patternfly/react-table';
import { COLUMN_FROM, paginationTitles } from '../../components/table-layout.ts';
import { TableToolbar, useTablePaging } from '../../components/TableToolbar.tsx';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { NotebookListItem, SpawnerConfig } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { tableView, type Column, type SortDirection } from '../../components/table-view.ts';
import { useToasts } from '../../components/ToastProvider.tsx';
import { notebookActions } from '../../concepts/notebook-status.ts';
import { parseQuantity } from '../../concepts/quantity.ts';
import { activityTracked, serverTypeFilterText, serverTypeIcon, serverTypeName } from '../../concepts/server-types.ts';
import { StatusIcon, useStatusText } from '../../concepts/StatusIcon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export interface NotebooksTableProps {
  /** All-namespaces mode: a Namespace column, and "New notebook" needs a single namespace. */
  showNamespace: boolean;
  notebooks: NotebookListItem[];
  config: SpawnerConfig | undefined;
  now: number;
  /** PVC names whose usage is ≥ 90 %. */
  fullVolumes: ReadonlySet<string>;
  /** The server offers the edit route (/info features.edit). */
  canEdit: boolean;
  /** The server offers keep-alive (/info features.keepalive). */
  canKeepAlive: boolean;
  onKeepAlive: (namespace: string, name: string) => void;
  onStart: (namespace: string, name: string) => void;
  onStop: (namespace: string, name: string) => void;
  onDelete: (namespace: string, name: string) => void;
}

/** Which columns give way first as the frame narrows (table-layout.ts). */
const VISIBILITY: Record<string, string> = {
  namespace: COLUMN_FROM.w1100,
  activity: COLUMN_FROM.w1100,
  cpu: COLUMN_FROM.w900,
  memory: COLUMN_FROM.w900,
  age: COLUMN_FROM.w1300,
  image: COLUMN_FROM.w1500,
  gpus: COLUMN_FROM.w1500,
};

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
};

export function NotebooksTable(props: NotebooksTableProps) {
  const { t, lang, format } = useI18n();
  const navigate = useNavigate();
  const toasts = useToasts();
  const statusTextOf = useStatusText();
  const [sort, setSort] = useState<{ column: string; direction: SortDirection }>({ column: 'name', direction: 'asc' });
  const paging = useTablePaging();

  const columns = useMemo<Column<NotebookListItem>[]>(
    () => [
      { id: 'status', sortValue: (n) => n.status.phase, text: (n) => statusTextOf(n.status) },
      { id: 'name', sortValue: (n) => n.name, text: (n) => n.name },
      { id: 'namespace', sortValue: (n) => n.namespace, text: (n) => n.namespace },
      {
        id: 'type',
        sortValue: (n) => serverTypeName(n.serverType, props.config, lang),
        text: (n) => serverTypeFilterText(n.serverType, props.config, lang),
      },
      { id: 'age', sortValue: (n) => time(n.age) },
      { id: 'activity', sortValue: (n) => time(n.last_activity) },
      { id: 'image', sortValue: (n) => n.shortImage, text: (n) => n.image },
      { id: 'gpus', sortValue: (n) => n.gpus.count, text: (n) => n.gpus.message },
      { id: 'cpu', sortValue: (n) => parseQuantity(n.cpu) },
      { id: 'memory', sortValue: (n) => parseQuantity(n.memory) },
    ],
    [props.config, lang, statusTextOf],
  );
  const view = tableView(props.notebooks, columns, paging.filter, sort, paging.page, paging.perPage);

  const sortProps = (id: string, index: number): ThProps['sort'] => ({
    sortBy: { index: columns.findIndex((c) => c.id === sort.column), direction: sort.direction },
    onSort: (_e, _i, direction) => setSort({ column: id, direction }),
    columnIndex: index,
  });
  const newButton = props.showNamespace ? (
    <Tooltip content={t('notebooks.selectNamespace')}>
      <Button variant="primary" isAriaDisabled data-testid="new-notebook-empty">
        {t('notebooks.new')}
      </Button>
    </Tooltip>
  ) : (
    <Button variant="primary" onClick={() => navigate('/new')} data-testid="new-notebook-empty">
      {t('notebooks.new')}
    </Button>
  );

  if (props.notebooks.length === 0) {
    return (
      <EmptyState titleText={t('notebooks.emptyTitle')} headingLevel="h2" data-testid="notebooks-empty">
        <EmptyStateBody>{t('notebooks.emptyText')}</EmptyStateBody>
        <EmptyStateFooter>
          <EmptyStateActions>{newButton}</EmptyStateActions>
        </EmptyStateFooter>
      </EmptyState>
    );
  }

  const headers = [
    t('notebooks.columns.status'),
    t('notebooks.columns.name'),
    t('notebooks.columns.namespace'),
    t('notebooks.columns.type'),
    t('notebooks.columns.created'),
    t('notebooks.columns.lastActivity'),
    t('notebooks.columns.image'),
    t('notebooks.columns.gpus'),
    t('notebooks.columns.cpu'),
    t('notebooks.columns.memory'),
  ];

  return (
    <>
      <TableToolbar
        paging={paging}
        total={view.total}
        filterLabel={t('notebooks.filter')}
        filterPlaceholder={t('table.filter')}
        titles={paginationTitles(t, t('notebooks.pagination'), {
          page: paging.page,
          perPage: paging.perPage,
          total: view.total,
        })}
        testId="notebooks"
      />
      <Table aria-label={t('notebooks.title')} variant="compact" data-testid="notebooks-table" className="jwa-table">
        <Thead>
          <Tr>
            {headers.map((h, i) => {
              const id = columns[i]!.id;
              if (id === 'namespace' && !props.showNamespace) return null;
              return (
                <Th key={id} sort={sortProps(id, i)} modifier="nowrap" className={VISIBILITY[id]}>
                  {h}
                </Th>
              );
            })}
            <Th screenReaderText={t('notebooks.columns.actions')} />
          </Tr>
        </Thead>
        <Tbody>
          {view.rows.map((nb) => {
            const actions = notebookActions(nb.status.phase);
            const full = nb.volumes.some((v) => props.fullVolumes.has(v));
            const statusLabel = statusTextOf(nb.status);
            const typeName = serverTypeName(nb.serverType, props.config, lang);
            return (
              <Tr key={`${nb.namespace}/${nb.name}`} data-testid={`notebook-row-${nb.name}`}>
                <Td dataLabel={headers[0]} modifier="nowrap">
                  <StatusIcon
                    phase={nb.status.phase}
                    message={statusLabel}
                    testId={`notebook-status-${nb.name}`}
                    withText
                  />
                </Td>
                <Td dataLabel={headers[1]} modifier="nowrap">
                  <span className="jwa-name-cell">
                    <Link
                      to={`/notebook/details/${nb.namespace}/${nb.name}`}
                      data-testid={`notebook-link-${nb.name}`}
                      className="jwa-truncate"
                      title={nb.name}
                      onClick={(e) => {
                        if (nb.status.phase === 'terminating') {
                          e.preventDefault();
                          toasts.show('info', t('notebooks.beingDeleted'));
                        }
                      }}
                    >
                      {nb.name}
                    </Link>
                    {full && (
                      <Tooltip content={t('notebooks.volumeFull')}>
                        <Icon status="warning" aria-label={t('notebooks.volumeFull')} role="img" tabIndex={0}>
                          <InfoCircleIcon />
                        </Icon>
                      </Tooltip>
                    )}
                  </span>
                </Td>
                {props.showNamespace && (
                  <Td dataLabel={headers[2]} modifier="nowrap" className={VISIBILITY.namespace}>
                    {nb.namespace}
                  </Td>
                )}
                <Td dataLabel={headers[3]} modifier="nowrap">
                  <Tooltip content={typeName}>
                    <span className="jwa-type" tabIndex={0} aria-label={typeName}>
                      <img src={serverTypeIcon(nb.serverType)} alt="" width={20} height={20} />
                      <span className="jwa-type-name" aria-hidden="true">
                        {typeName}
                      </span>
                    </span>
                  </Tooltip>
                </Td>
                <Td dataLabel={headers[4]} modifier="nowrap" className={VISIBILITY.age}>
                  <RelativeTime iso={nb.age} now={props.now} format={format} empty="—" />
                </Td>
                <Td dataLabel={headers[5]} modifier="nowrap" className={VISIBILITY.activity}>
                  {activityTracked(nb.serverType) ? (
                    <RelativeTime iso={nb.last_activity} now={props.now} format={format} empty="—" />
                  ) : (
                    <Tooltip content={t('notebooks.activityNotTracked')}>
                      <span tabIndex={0} aria-label={t('notebooks.activityNotTracked')}>
                        — <InfoCircleIcon />
                      </span>
                    </Tooltip>
                  )}
                </Td>
                <Td dataLabel={headers[6]} modifier="nowrap" className={VISIBILITY.image}>
                  <Popover
                    bodyContent={
                      <Flex alignItems={{ default: 'alignItemsCenter' }} flexWrap={{ default: 'nowrap' }}>
                        <code>{nb.image}</code>
                        <CopyButton text={nb.image} label={t('common.copy')} copiedLabel={t('common.copied')} />
                      </Flex>
                    }
                  >
                    <Button variant="link" isInline className="jwa-truncate jwa-image" title={nb.image}>
                      {nb.shortImage}
                    </Button>
                  </Popover>
                </Td>
                <Td dataLabel={headers[7]} className={VISIBILITY.gpus}>
                  {nb.gpus.message ? (
                    <Tooltip content={nb.gpus.message}>
                      <span tabIndex={0}>{nb.gpus.count}</span>
                    </Tooltip>
                  ) : (
                    nb.gpus.count
                  )}
                </Td>
                <Td dataLabel={headers[8]} modifier="nowrap" className={VISIBILITY.cpu}>
                  {format.cpu(nb.cpu)}
                  {nb.cpuLimit ? ` / ${format.cpu(nb.cpuLimit)}` : ''}
                </Td>
                <Td dataLabel={headers[9]} modifier="nowrap" className={VISIBILITY.memory}>
                  {format.memory(nb.memory)}
                  {nb.memoryLimit ? ` / ${format.memory(nb.memoryLimit)}` : ''}
                </Td>
                <Td isActionCell className="jwa-actions-cell">
                  <Flex spaceItems={{ default: 'spaceItemsNone' }} flexWrap={{ default: 'nowrap' }}>
                    <Button
                      variant="link"
                      icon={<ExternalLinkAltIcon />}
                      iconPosition="end"
                      isDisabled={!actions.canConnect}
                      component="a"
                      href={actions.canConnect ? `/notebook/${nb.namespace}/${nb.name}/` : undefined}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={t('actions.connectNamed', { name: nb.name })}
                      data-testid={`connect-${nb.name}`}
                      className="jwa-connect"
                    >
                      {t('actions.connect')}
                    </Button>
                    {actions.showStart ? (
                      <Tooltip content={t('actions.start')}>
                        <Button
                          variant="plain"
                          aria-label={t('actions.startNamed', { name: nb.name })}
                          icon={<PlayIcon />}
                          isDisabled={actions.startStopDisabled}
                          onClick={() => props.onStart(nb.namespace, nb.name)}
                          data-testid={`start-${nb.name}`}
                        />
                      </Tooltip>
                    ) : (
                      <Tooltip content={t('actions.stop')}>
                        <Button
                          variant="plain"
                          aria-label={t('actions.stopNamed', { name: nb.name })}
                          icon={<StopIcon />}
                          isDisabled={actions.startStopDisabled}
                          onClick={() => props.onStop(nb.namespace, nb.name)}
                          data-testid={`stop-${nb.name}`}
                        />
                      </Tooltip>
                    )}
                    <Tooltip content={t('actions.delete')}>
                      <Button
                        variant="plain"
                        aria-label={t('actions.deleteNamed', { name: nb.name })}
                        icon={<TrashIcon />}
                        isDisabled={actions.deleteDisabled}
                        onClick={() => props.onDelete(nb.namespace, nb.name)}
                        data-testid={`delete-${nb.name}`}
                      />
                    </Tooltip>
                    <ActionsColumn
                      popperProps={{ position: 'right' }}
                      actionsToggle={({ onToggle, toggleRef, isOpen, isDisabled }) => (
                        <MenuToggle
                          ref={toggleRef}
                          variant="plain"
                          onClick={onToggle}
                          isExpanded={isOpen}
                          isDisabled={isDisabled}
                          aria-label={t('actions.more', { name: nb.name })}
                          icon={<EllipsisVIcon />}
                          data-testid={`more-${nb.name}`}
                        />
                      )}
                      items={[
                        {
                          title: t('actions.viewDetails'),
                          onClick: () => navigate(`/notebook/details/${nb.namespace}/${nb.name}`),
                        },
                        ...(props.canEdit
                          ? [
                              {
                                title: t('actions.editMenu'),
                                isDisabled: nb.status.phase === 'terminating',
                                onClick: () => navigate(`/notebook/edit/${nb.namespace}/${nb.name}`),
                              },
                            ]
                          : []),
                        ...(props.canKeepAlive
                          ? [
                              {
                                title: t('keepAlive.menu'),
                                isDisabled: nb.status.phase === 'terminating' || nb.status.phase === 'stopped',
                                onClick: () => props.onKeepAlive(nb.namespace, nb.name),
                              },
                            ]
                          : []),
                      ]}
                    />
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
