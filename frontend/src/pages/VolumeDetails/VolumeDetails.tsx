import {
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  PageSection,
  Spinner,
  Tab,
  Tabs,
  TabTitleText,
  Title,
  Tooltip,
} from '@patternfly/react-core';
import { ArrowLeftIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { usePolledQuery } from '../../api/use-polled-query.ts';
import { useLiveUpdates } from '../../api/use-live-updates.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useToasts } from '../../components/ToastProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { StatusIcon } from '../../concepts/StatusIcon.tsx';
import { claimDisplayStatus } from '../../concepts/volume-status.ts';
import { isForbidden, isNotFound, LoadError, NoAccess, RefreshBanner, useSignedOutOn } from '../fetch-states.tsx';
import { ObjectName } from '../ObjectName.tsx';
import { EventsTab } from '../NotebookDetails/EventsTab.tsx';
import { YamlTab } from '../NotebookDetails/YamlTab.tsx';
import { ObjectNotFound } from '../NotFound.tsx';

const TABS = ['overview', 'events', 'yaml'] as const;

/** `/volume/details/:namespace/:name` (ui.md §6). */
export function VolumeDetails() {
  const { namespace = '', name = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(search.get('tab') ?? '') ? search.get('tab')! : 'overview';
  const { t, format } = useI18n();
  const navigate = useNavigate();
  const toasts = useToasts();
  const pvc = usePolledQuery({
    queryKey: queryKeys.pvc(namespace, name),
    fetch: (signal) => api.pvc(namespace, name, signal),
  });
  const pods = usePolledQuery({
    queryKey: queryKeys.pvcPods(namespace, name),
    fetch: (signal) => api.pvcPods(namespace, name, signal).catch(() => []),
  });
  useSignedOutOn([pvc.error]);
  // The stream carries the PVC's list item and events, and the notebooks: a change of the item
  // refetches the claim and its pods, a change of a notebook that mounts it refetches the pods.
  const refreshPvc = pvc.refresh;
  const refreshPods = pods.refresh;
  const users = pvc.data?.notebooks;
  const live = useLiveUpdates({
    namespace,
    kinds: ['pvcs', 'notebooks'],
    details: { pvc: name },
    enabled: pvc.data !== undefined,
    quietKeys: [queryKeys.pvc(namespace, name), queryKeys.pvcPods(namespace, name)],
    onNews: (kind, names) => {
      if (kind === 'pvcs' && (names === 'all' || names.has(name))) {
        refreshPvc();
        refreshPods();
      } else if (kind === 'notebooks' && names !== 'all' && users?.some((n) => names.has(n))) {
        refreshPods();
      }
    },
  });
  const [confirm, setConfirm] = useState(false);

  if (isNotFound(pvc.error) && !pvc.data) return <ObjectNotFound kind="volume" namespace={namespace} name={name} />;
  if (isForbidden(pvc.error) && !pvc.data) {
    return (
      <PageSection>
        <NoAccess namespace={namespace} error={pvc.error} />
      </PageSection>
    );
  }
  if (!pvc.data) {
    return (
      <PageSection>
        {pvc.error ? (
          <LoadError error={pvc.error} onRetry={pvc.refresh} headingLevel="h1" />
        ) : (
          <Spinner aria-label={t('common.loading')} />
        )}
      </PageSection>
    );
  }
  const { pvc: claim, notebooks } = pvc.data;
  const status = claimDisplayStatus(claim, notebooks);
  const statusText = t(status.key);
  const inUse = notebooks.length > 0;
  const podList = pods.data ?? [];
  const notebookPods = podList.filter((p) => p.metadata.labels?.['notebook-name']);
  const otherPods = podList.filter((p) => !p.metadata.labels?.['notebook-name']);
  const item = (term: string, value: React.ReactNode) => (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{value || '—'}</DescriptionListDescription>
    </DescriptionListGroup>
  );

  return (
    <div data-live={live} className="jwa-contents">
      <RefreshBanner errors={[pvc.error]} />
      <PageSection>
        <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }}>
          <Button
            variant="plain"
            aria-label={t('details.back')}
            icon={<ArrowLeftIcon />}
            onClick={() => navigate('/')}
          />
          <StatusIcon phase={status.phase} message={statusText} testId="volume-details-status" />
          <Title headingLevel="h1" className="jwa-break">
            {name}
          </Title>
          <FlexItem data-testid="volume-details-status-text">{statusText}</FlexItem>
          <FlexItem align={{ default: 'alignRight' }}>
            <Tooltip content={inUse ? t('volumes.inUse') : t('actions.delete')}>
              <Button
                variant="danger"
                isAriaDisabled={inUse}
                onClick={() => setConfirm(true)}
                data-testid="volume-delete"
              >
                {t('actions.delete')}
              </Button>
            </Tooltip>
          </FlexItem>
        </Flex>
      </PageSection>
      <PageSection>
        <Tabs
          activeKey={tab}
          onSelect={(_e, key) => setSearch({ tab: String(key) }, { replace: true })}
          aria-label={t('details.tabs')}
          mountOnEnter
          unmountOnExit
        >
          <Tab eventKey="overview" title={<TabTitleText>{t('details.overview')}</TabTitleText>}>
            <DescriptionList isHorizontal className="pf-v6-u-mt-md">
              {item(t('volumes.columns.modes'), (claim.spec.accessModes ?? []).join(', '))}
              {item(
                t('volumes.columns.size'),
                format.memory(claim.status?.capacity?.storage ?? claim.spec.resources?.requests?.storage),
              )}
              {item(t('volumes.columns.class'), claim.spec.storageClassName)}
              {item(t('volumes.volumeMode'), claim.spec.volumeMode)}
              {item(t('volumes.volumeName'), claim.spec.volumeName)}
              {item(
                t('volumes.ownedBy'),
                (claim.metadata.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`).join(', '),
              )}
              {item(
                t('volumes.columns.usedBy'),
                notebooks.map((n) => (
                  <div key={n}>
                    <Link to={`/notebook/details/${namespace}/${n}`}>{n}</Link>
                  </div>
                )),
              )}
              {item(t('volumes.podsNotebooks'), notebookPods.map((p) => p.metadata.name).join(', '))}
              {item(t('volumes.podsOther'), otherPods.map((p) => p.metadata.name).join(', '))}
            </DescriptionList>
          </Tab>
          <Tab eventKey="events" title={<TabTitleText>{t('details.events')}</TabTitleText>}>
            <EventsTab
              load={(signal) => api.pvcEvents(namespace, name, signal)}
              queryKey={queryKeys.pvcEvents(namespace, name)}
            />
          </Tab>
          <Tab eventKey="yaml" title={<TabTitleText>{t('details.yaml')}</TabTitleText>}>
            <YamlTab objects={[{ id: 'pvc', label: 'PersistentVolumeClaim', object: claim }]} />
          </Tab>
        </Tabs>
      </PageSection>
      {confirm && (
        <ConfirmDialog
          testId="delete-volume-dialog"
          danger
          title={t('volumes.deleteTitle', { name })}
          body={
            <>
              <ObjectName namespace={namespace} name={name} />
              <p>{t('volumes.deleteText')}</p>
            </>
          }
          confirmLabel={t('actions.delete')}
          busyLabel={t('actions.deleting')}
          cancelLabel={t('actions.cancel')}
          onClose={() => setConfirm(false)}
          onConfirm={async () => {
            await api.deletePvc(namespace, name);
            toasts.show('info', t('volumes.deleteSent', { name }));
            navigate('/');
          }}
        />
      )}
    </div>
  );
}
