import { Button, Flex, PageSection, Spinner, Title, Tooltip } from '@patternfly/react-core';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { NotebookListItem, ResourceStatus } from '../../api/types.ts';
import { usePolledQuery } from '../../api/use-polled-query.ts';
import { useLiveUpdates } from '../../api/use-live-updates.ts';
import { useApp } from '../../app/AppContext.tsx';
import { useSpawnerConfig } from '../../app/use-config.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useToasts } from '../../components/ToastProvider.tsx';
import { useNow } from '../../components/use-now.ts';
import { optimisticStatus } from '../../concepts/notebook-status.ts';
import { fullVolumeNames } from '../../concepts/volume-status.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isForbidden, LoadError, NoAccess, RefreshBanner, useSignedOutOn } from '../fetch-states.tsx';
import { useNotebookActions } from '../notebook-actions.tsx';
import { ObjectName } from '../ObjectName.tsx';
import { CostPanel } from './CostPanel.tsx';
import { KeepAliveDialog } from './KeepAliveDialog.tsx';
import { NewVolumeDialog } from './NewVolumeDialog.tsx';
import { NotebooksTable } from './NotebooksTable.tsx';
import { VolumesTable } from './VolumesTable.tsx';

/** `/`: notebooks, the cost panel and volumes of the current namespace (or of all, in the dashboard). */
export function IndexPage({ namespaces, volumesOnly = false }: { namespaces: string[]; volumesOnly?: boolean }) {
  const namespace = namespaces[0]!;
  const multi = namespaces.length > 1;
  const { t } = useI18n();
  const { info } = useApp();
  const config = useSpawnerConfig();
  const navigate = useNavigate();
  const toasts = useToasts();
  const now = useNow();
  // One request per namespace, merged (the dashboard's all-namespaces mode).
  const notebooks = usePolledQuery({
    queryKey: queryKeys.notebooks(namespaces),
    fetch: (signal) => Promise.all(namespaces.map((ns) => api.notebooks(ns, signal))).then((lists) => lists.flat()),
    enabled: !volumesOnly,
  });
  const pvcs = usePolledQuery({
    queryKey: queryKeys.pvcs(namespaces),
    fetch: (signal) => Promise.all(namespaces.map((ns) => api.pvcs(ns, signal))).then((lists) => lists.flat()),
  });
  useSignedOutOn([notebooks.error, pvcs.error]);
  // Once the list routes have painted, a live stream keeps both lists fresh and polling stops (a
  // failed first load stays with the list routes' error state until a poll succeeds). One namespace:
  // the dashboard's all-namespaces view keeps polling rather than open a stream per namespace.
  const live = useLiveUpdates({
    namespace,
    kinds: volumesOnly ? ['pvcs'] : ['notebooks', 'pvcs'],
    enabled: !multi && (volumesOnly || notebooks.data !== undefined) && pvcs.data !== undefined,
  });
  const [optimistic, setOptimistic] = useState<Record<string, Required<ResourceStatus>>>({});
  const [newVolume, setNewVolume] = useState(false);
  const [keepAlive, setKeepAlive] = useState<{ namespace: string; name: string } | undefined>(undefined);
  const [deleteVolume, setDeleteVolume] = useState<{ namespace: string; name: string } | undefined>(undefined);

  // A fresh list replaces every placeholder status.
  useEffect(() => setOptimistic({}), [notebooks.data]);

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
  if (forbidden && !notebooks.data && !pvcs.data) {
    return (
      <PageSection>
        <NoAccess namespace={namespace} error={forbidden} />
      </PageSection>
    );
  }
  // Failed refreshes keep the last data under one banner; a failed first load shows its error state.
  const refreshErrors = [notebooks.data && notebooks.error, pvcs.data && pvcs.error];
  const volumesHeading = volumesOnly ? 'h1' : 'h2';

  return (
    <div data-live={live} className="jwa-contents">
      <RefreshBanner errors={refreshErrors} />
      {!volumesOnly && (
        <PageSection aria-labelledby="notebooks-title" className="jwa-section">
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
          {notebooks.data ? (
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
          ) : notebooks.error ? (
            <LoadError
              error={notebooks.error}
              onRetry={notebooks.refresh}
              headingLevel="h2"
              testId="notebooks-load-error"
            />
          ) : (
            <Spinner aria-label={t('common.loading')} />
          )}
        </PageSection>
      )}
      {info?.features?.kubecost && !volumesOnly && !multi && (
        <PageSection className="jwa-section">
          <CostPanel namespace={namespace} />
        </PageSection>
      )}
      <PageSection aria-labelledby="volumes-title" className="jwa-section">
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
          <Title headingLevel={volumesHeading} id="volumes-title">
            {t('volumes.title')}
          </Title>
          <Button variant="secondary" onClick={() => setNewVolume(true)} isDisabled={multi} data-testid="new-volume">
            {t('volumes.new')}
          </Button>
        </Flex>
        {pvcs.data ? (
          <VolumesTable
            pvcs={pvcs.data}
            now={now}
            onDelete={(ns, name) => setDeleteVolume({ namespace: ns, name })}
            viewers={info?.features?.pvcViewers === true}
            onViewerChanged={pvcs.refresh}
            emptyHeadingLevel={volumesOnly ? 'h2' : 'h3'}
          />
        ) : pvcs.error ? (
          <LoadError
            error={pvcs.error}
            onRetry={pvcs.refresh}
            headingLevel={volumesOnly ? 'h2' : 'h3'}
            testId="volumes-load-error"
          />
        ) : (
          <Spinner aria-label={t('common.loading')} />
        )}
      </PageSection>
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
          body={
            <>
              <ObjectName namespace={deleteVolume.namespace} name={deleteVolume.name} />
              <p>{t('volumes.deleteText')}</p>
            </>
          }
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
    </div>
  );
}
