import { Button, Flex, FlexItem, PageSection, Spinner, Tab, Tabs, TabTitleText, Title } from '@patternfly/react-core';
import { ArrowLeftIcon, ExternalLinkAltIcon } from '@patternfly/react-icons';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { ResourceStatus } from '../../api/types.ts';
import { usePolledQuery } from '../../api/use-polled-query.ts';
import { useLiveUpdates } from '../../api/use-live-updates.ts';
import { useApp } from '../../app/AppContext.tsx';
import { notebookActions, optimisticStatus } from '../../concepts/notebook-status.ts';
import { StatusIcon, useStatusText } from '../../concepts/StatusIcon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isForbidden, isNotFound, LoadError, NoAccess, RefreshBanner, useSignedOutOn } from '../fetch-states.tsx';
import { useNotebookActions } from '../notebook-actions.tsx';
import { ObjectNotFound } from '../NotFound.tsx';
import { EventsTab } from './EventsTab.tsx';
import { LogsTab } from './LogsTab.tsx';
import { OverviewTab } from './OverviewTab.tsx';
import { YamlTab } from './YamlTab.tsx';

const TABS = ['overview', 'logs', 'events', 'yaml'] as const;
type TabKey = (typeof TABS)[number];

/** `/notebook/details/:namespace/:name?tab=…` (ui.md §4). */
export function NotebookDetails() {
  const { namespace = '', name = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(search.get('tab') ?? '')
    ? (search.get('tab') as TabKey)
    : 'overview';
  const { t } = useI18n();
  const navigate = useNavigate();
  const statusTextOf = useStatusText();
  const { info } = useApp();
  const notebook = usePolledQuery({
    queryKey: queryKeys.notebook(namespace, name),
    fetch: (signal) => api.notebook(namespace, name, signal),
  });
  const pod = usePolledQuery({
    queryKey: queryKeys.notebookPod(namespace, name),
    fetch: (signal) =>
      api.notebookPod(namespace, name, signal).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
  });
  // A changed notebook (started, stopped, edited) usually means a new pod: look again at once,
  // keeping what is shown meanwhile.
  const refreshPod = pod.refresh;
  useEffect(() => refreshPod(), [notebook.data?.metadata.resourceVersion, refreshPod]);
  const podDefaults = usePolledQuery({
    queryKey: queryKeys.podDefaults(namespace),
    fetch: (signal) => api.podDefaults(namespace, signal),
    enabled: tab === 'overview',
  });
  useSignedOutOn([notebook.error, pod.error, podDefaults.error]);
  // The stream carries the notebook's list item and events, not the object: a change of the item
  // refetches the object (and, through its resourceVersion, the pod); nothing is polled meanwhile.
  const refreshNotebook = notebook.refresh;
  const live = useLiveUpdates({
    namespace,
    kinds: ['notebooks', 'poddefaults'],
    details: { notebook: name },
    enabled: notebook.data !== undefined,
    quietKeys: [queryKeys.notebook(namespace, name), queryKeys.notebookPod(namespace, name)],
    onNews: (kind, names) => {
      if (kind === 'notebooks' && (names === 'all' || names.has(name))) refreshNotebook();
    },
  });
  const [optimistic, setOptimistic] = useState<ResourceStatus | undefined>(undefined);
  useEffect(() => setOptimistic(undefined), [notebook.data]);

  const actions = useNotebookActions((_ns, _n, action) => {
    if (action === 'delete') navigate('/');
    else {
      setOptimistic(optimisticStatus(action));
      notebook.refresh();
    }
  });

  if (isNotFound(notebook.error) && !notebook.data) {
    return <ObjectNotFound kind="notebook" namespace={namespace} name={name} />;
  }
  if (isForbidden(notebook.error) && !notebook.data) {
    return (
      <PageSection>
        <NoAccess namespace={namespace} error={notebook.error} />
      </PageSection>
    );
  }
  const nb = notebook.data;
  if (!nb) {
    return (
      <PageSection>
        {notebook.error ? (
          <LoadError error={notebook.error} onRetry={notebook.refresh} headingLevel="h1" />
        ) : (
          <Spinner aria-label={t('common.loading')} />
        )}
      </PageSection>
    );
  }
  const status = optimistic ?? nb.processed_status;
  const allowed = notebookActions(status.phase);

  return (
    <div data-live={live} className="jwa-contents">
      <RefreshBanner errors={[notebook.error, pod.error]} />
      <PageSection>
        <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }}>
          <Button
            variant="plain"
            aria-label={t('details.back')}
            icon={<ArrowLeftIcon />}
            onClick={() => navigate('/')}
          />
          <StatusIcon phase={status.phase} message={statusTextOf(status)} testId="details-status" />
          <Title headingLevel="h1" className="jwa-break">
            {name}
          </Title>
          <FlexItem data-testid="details-status-text">{statusTextOf(status)}</FlexItem>
          <FlexItem align={{ default: 'alignRight' }}>
            <Flex spaceItems={{ default: 'spaceItemsSm' }}>
              <Button
                variant="secondary"
                component="a"
                href={allowed.canConnect ? `/notebook/${namespace}/${name}/` : undefined}
                target="_blank"
                rel="noopener noreferrer"
                isDisabled={!allowed.canConnect}
                icon={<ExternalLinkAltIcon />}
                iconPosition="end"
                data-testid="details-connect"
              >
                {t('actions.connect')}
              </Button>
              {allowed.showStart ? (
                <Button
                  variant="secondary"
                  isDisabled={allowed.startStopDisabled}
                  onClick={() => void actions.start(namespace, name)}
                  data-testid="details-start"
                >
                  {t('actions.start')}
                </Button>
              ) : (
                <Button
                  variant="secondary"
                  isDisabled={allowed.startStopDisabled}
                  onClick={() => actions.askStop(namespace, name)}
                  data-testid="details-stop"
                >
                  {t('actions.stop')}
                </Button>
              )}
              {info?.features?.edit !== false && (
                <Button
                  variant="secondary"
                  isDisabled={status.phase === 'terminating'}
                  onClick={() => navigate(`/notebook/edit/${namespace}/${name}`)}
                  data-testid="details-edit"
                >
                  {t('actions.edit')}
                </Button>
              )}
              <Button
                variant="danger"
                isDisabled={allowed.deleteDisabled}
                onClick={() => actions.askDelete(namespace, name)}
                data-testid="details-delete"
              >
                {t('actions.delete')}
              </Button>
            </Flex>
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
          <Tab
            eventKey="overview"
            title={<TabTitleText>{t('details.overview')}</TabTitleText>}
            data-testid="tab-overview"
          >
            <OverviewTab notebook={nb} pod={pod.data ?? undefined} podDefaults={podDefaults.data ?? []} />
          </Tab>
          <Tab eventKey="logs" title={<TabTitleText>{t('details.logs')}</TabTitleText>} data-testid="tab-logs">
            <LogsTab namespace={namespace} name={name} podName={pod.data?.metadata.name} podLoaded={!pod.loading} />
          </Tab>
          <Tab eventKey="events" title={<TabTitleText>{t('details.events')}</TabTitleText>} data-testid="tab-events">
            <EventsTab
              load={(signal) => api.notebookEvents(namespace, name, signal)}
              queryKey={queryKeys.notebookEvents(namespace, name)}
            />
          </Tab>
          <Tab eventKey="yaml" title={<TabTitleText>{t('details.yaml')}</TabTitleText>} data-testid="tab-yaml">
            <YamlTab
              objects={[
                { id: 'notebook', label: t('details.notebookObject'), object: nb },
                {
                  id: 'pod',
                  label: t('details.podObject'),
                  object: pod.data ?? undefined,
                  missing: pod.loading ? t('details.podLoading') : t('details.noPod'),
                },
              ]}
            />
          </Tab>
        </Tabs>
      </PageSection>
      {actions.dialog}
    </div>
  );
}
