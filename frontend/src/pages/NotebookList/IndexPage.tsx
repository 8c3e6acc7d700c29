import { Button, Flex, PageSection, Spinner, Title, Tooltip } from '@patternfly/react-core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.ts';
import type { NotebookListItem, ResourceStatus } from '../../api/types.ts';
import { usePoller } from '../../api/use-poller.ts';
import { useApp } from '../../app/AppContext.tsx';
import { useSpawnerConfig } from '../../app/use-config.ts';
import { useReportError } from '../../app/use-report-error.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useToasts } from '../../components/ToastProvider.tsx';
import { useNow } from '../../components/use-now.ts';
import { optimisticStatus } from '../../concepts/notebook-status.ts';
import { fullVolumeNames } from '../../concepts/volume-status.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isForbidden, isUnreachable, NoAccess, UnreachableBanner } from '../list-errors.tsx';
import { useNotebookActions } from '../notebook-actions.tsx';
import { CostPanel } from './CostPanel.tsx';
import { KeepAliveDialog } from './KeepAliveDialog.tsx';
import { NewVolumeDialog } from './NewVolumeDialog.tsx';
import { NotebooksTable } from './NotebooksTable.tsx';
import { VolumesTable } from './VolumesTable.tsx';

/** `/`: notebooks, volumes and the cost panel of the current namespace. */
export function IndexPage({ namespaces, volumesOnly = false }: { namespaces: string[]; volumesOnly?: boolean }) {
  // One namespace normally; several in the dashboard's all-namespaces mode (one request each, merged).
  const namespace = namespaces[0]!;
  const multi = namespaces.length > 1;
  const key = namespaces.join(',');
  const { t } = useI18n();
  const { info } = useApp();
  const config = useSpawnerConfig();
  const navigate = useNavigate();
  const toasts = useToasts();
  const reportError = useReportError();
  const now = useNow();
  const notebooks = usePoller(
    (signal) => Promise.all(namespaces.map((ns) => api.notebooks(ns, signal))).then((lists) => lists.flat()),
    [key],
    { enabled: !volumesOnly },
  );
  const pvcs = usePoller(
    (signal) => Promise.all(namespaces.map((ns) => api.pvcs(ns, signal))).then((lists) => lists.flat()),
    [key],
  );
  const [optimistic, setOptimistic] = useState<Record<string, Required<ResourceStatus>>>({});
  const [newVolume, setNewVolume] = useState(false);
  const [keepAlive, setKeepAlive] = useState<{ namespace: string; name: string } | undefined>(undefined);
  const [deleteVolume, setDeleteVolume] = useState<{ namespace: string; name: string } | undefined>(undefined);

  // A fresh list replaces every placeholder status.
  useEffect(() => setOptimistic({}), [notebooks.data]);
  useEffect(() => setOptimistic({}), [key]);

  const reported = useRef<unknown>(undefined);
  useEffect(() => {
    for (const err of [notebooks.error, pvcs.error]) {
      if (err && err !== reported.current && !isForbidden(err) && !isUnreachable(err)) {
        reported.current = err;
        reportError(err);
      }
    }
  }, [notebooks.error, pvcs.error, reportError]);

  const actions = useNotebookActions((ns, name, action) => {
    setOptimistic((o) => ({ ...o, [`${ns}/${name}`]: optimisticStatus(action) }));
    notebooks.refresh();
  });

  const rows = useMemo<NotebookListItem[]>(
    () =>
      (notebooks.data ?? []).map((n) => {
        const placeholder = optimistic[`${n.namespace}/${n.name}`];
        return placeholder ? { ...n, status: placeholder } : n;
      }),
    [notebooks.data, optimistic],
  );
  const full = useMemo(() => fullVolumeNames(pvcs.data ?? []), [pvcs.data]);

  const forbidden = [notebooks.error, pvcs.error].find(isForbidden);
  if (forbidden && !notebooks.data) {
    return (
      <PageSection>
        <NoAccess namespace={namespace} error={forbidden} />
      </PageSection>
    );
  }
  const unreachable = isUnreachable(notebooks.error) || isUnreachable(pvcs.error);

  return (
    <>
      {unreachable && (
        <PageSection>
          <UnreachableBanner />
        </PageSection>
      )}
      {!volumesOnly && (
        <PageSection aria-labelledby="notebooks-title">
          <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
            <Title headingLevel="h1" id="notebooks-title">
              {t('notebooks.title')}
            </Title>
            {multi ? (
              <Tooltip content={t('notebooks.selectNamespace')}>
                <Button variant="primary" isAriaDisabled data-testid="new-notebook">
                  {t('notebooks.new')}
                </Button>
              </Tooltip>
            ) : (
              <Button variant="primary" onClick={() => navigate('/new')} data-testid="new-notebook">
                {t('notebooks.new')}
              </Button>
            )}
          </Flex>
          {notebooks.loading && !notebooks.data ? (
            <Spinner aria-label={t('common.loading')} />
          ) : (
            <NotebooksTable
              showNamespace={multi}
              notebooks={rows}
              config={config}
              now={now}
              fullVolumes={full}
              canEdit={info?.features?.edit !== false}
              canKeepAlive={info?.features?.keepalive === true}
              onKeepAlive={(ns, name) => setKeepAlive({ namespace: ns, name })}
              onStart={(ns, name) => void actions.start(ns, name)}
              onStop={actions.askStop}
              onDelete={actions.askDelete}
            />
          )}
        </PageSection>
      )}
      <PageSection aria-labelledby="volumes-title">
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
          <Title headingLevel={volumesOnly ? 'h1' : 'h2'} id="volumes-title">
            {t('volumes.title')}
          </Title>
          <Button variant="secondary" onClick={() => setNewVolume(true)} isDisabled={multi} data-testid="new-volume">
            {t('volumes.new')}
          </Button>
        </Flex>
        {pvcs.loading && !pvcs.data ? (
          <Spinner aria-label={t('common.loading')} />
        ) : (
          <VolumesTable
            pvcs={pvcs.data ?? []}
            now={now}
            onDelete={(ns, name) => setDeleteVolume({ namespace: ns, name })}
            viewers={info?.features?.pvcViewers === true}
            onViewerChanged={pvcs.refresh}
          />
        )}
      </PageSection>
      {info?.features?.kubecost && !volumesOnly && !multi && (
        <PageSection>
          <CostPanel namespace={namespace} />
        </PageSection>
      )}
      {actions.dialog}
      {keepAlive && (
        <KeepAliveDialog
          namespace={keepAlive.namespace}
          name={keepAlive.name}
          onClose={() => {
            setKeepAlive(undefined);
            notebooks.refresh();
          }}
        />
      )}
      {newVolume && (
        <NewVolumeDialog
          namespace={namespace}
          existing={(pvcs.data ?? []).map((p) => p.name)}
          onClose={() => setNewVolume(false)}
          onCreated={(name) => {
            toasts.show('success', t('volumes.created', { name }));
            pvcs.refresh();
          }}
        />
      )}
      {deleteVolume && (
        <ConfirmDialog
          testId="delete-volume-dialog"
          danger
          title={t('volumes.deleteTitle', { name: deleteVolume.name })}
          body={t('volumes.deleteText')}
          confirmLabel={t('actions.delete')}
          busyLabel={t('actions.deleting')}
          cancelLabel={t('actions.cancel')}
          onClose={() => setDeleteVolume(undefined)}
          onConfirm={async () => {
            await api.deletePvc(deleteVolume.namespace, deleteVolume.name);
            toasts.show('info', t('volumes.deleteSent', { name: deleteVolume.name }));
            pvcs.refresh();
          }}
        />
      )}
    </>
  );
}
