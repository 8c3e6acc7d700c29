import {
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  Modal,
  Spinner,
  ModalBody,
  ModalHeader,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router-dom';
import { stringify } from 'yaml';
import type { Notebook, Pod, PodDefault } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { useNow } from '../../components/use-now.ts';
import {
  appliedPodDefaults,
  environmentGroups,
  groupVolumes,
  hasSharedMemory,
  type VolumeGroup,
} from '../../concepts/notebook-overview.ts';
import { serverTypeName } from '../../concepts/server-types.ts';
import { useSpawnerConfig } from '../../app/use-config.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

const YamlView = lazy(() => import('../../components/YamlView.tsx'));

const GROUP_ORDER: VolumeGroup[] = ['pvc', 'memory', 'ephemeral', 'configMap', 'secret', 'other'];

export function OverviewTab({
  notebook,
  pod,
  podDefaults,
}: {
  notebook: Notebook;
  pod: Pod | undefined;
  podDefaults: PodDefault[];
}) {
  const { t, lang, format } = useI18n();
  const pair = (request: string, limit: string | undefined) =>
    limit && limit !== '0' && limit !== '—' ? `${request} / ${limit}` : request;
  const config = useSpawnerConfig();
  const now = useNow();
  const [yamlOf, setYamlOf] = useState<PodDefault | undefined>(undefined);
  const ns = notebook.metadata.namespace ?? '';
  const volumes = notebook.spec.template.spec.volumes ?? [];
  const groups = groupVolumes(volumes);
  const container =
    notebook.spec.template.spec.containers.find((c) => c.name === notebook.metadata.name) ??
    notebook.spec.template.spec.containers[0];
  const annotations = notebook.metadata.annotations ?? {};
  const res = notebook.formatted_resources;
  const gpuLimits = Object.entries(container?.resources?.limits ?? {}).filter(([k]) => k.endsWith('/gpu'));
  const applied = appliedPodDefaults(notebook, podDefaults);
  const env = pod ? environmentGroups(notebook, pod, podDefaults) : [];
  const conditions = notebook.status?.conditions ?? [];
  const lastActivity = annotations['notebooks.kubeflow.org/last-activity'] ?? '';
  const image = container?.image ?? '';

  return (
    <div className="pf-v6-u-mt-md" data-testid="overview">
      <DescriptionList isHorizontal columnModifier={{ lg: '2Col' }}>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.type')}</DescriptionListTerm>
          <DescriptionListDescription>
            {serverTypeName(annotations['notebooks.kubeflow.org/server-type'] ?? 'jupyter', config, lang)}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.creator')}</DescriptionListTerm>
          <DescriptionListDescription>
            {annotations['notebooks.kubeflow.org/creator'] ?? '—'}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.cpu')}</DescriptionListTerm>
          <DescriptionListDescription data-testid="overview-cpu">
            {res ? pair(format.cpu(res.cpu), format.cpu(res.cpuLimit)) : '—'}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.memory')}</DescriptionListTerm>
          <DescriptionListDescription data-testid="overview-memory">
            {res ? pair(format.gib(res.memory), format.gib(res.memoryLimit)) : '—'}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.gpus')}</DescriptionListTerm>
          <DescriptionListDescription>
            {gpuLimits.length ? gpuLimits.map(([k, v]) => `${v} × ${k}`).join(', ') : t('form.none')}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.shm')}</DescriptionListTerm>
          <DescriptionListDescription>
            {hasSharedMemory(volumes) ? t('common.yes') : t('common.no')}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.image')}</DescriptionListTerm>
          <DescriptionListDescription>
            <Flex alignItems={{ default: 'alignItemsCenter' }} flexWrap={{ default: 'nowrap' }}>
              <code>{image}</code>
              <CopyButton text={image} label={t('common.copy')} copiedLabel={t('common.copied')} />
            </Flex>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.lastActivity')}</DescriptionListTerm>
          <DescriptionListDescription>
            <RelativeTime iso={lastActivity} now={now} format={format} empty="—" />
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('overview.configurations')}</DescriptionListTerm>
          <DescriptionListDescription>
            {applied.length === 0
              ? t('form.none')
              : applied.map((p) => (
                  <Button key={p.label} variant="link" isInline onClick={() => setYamlOf(p)} className="pf-v6-u-mr-sm">
                    {p.desc}
                  </Button>
                ))}
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>

      <Title headingLevel="h2" className="pf-v6-u-mt-lg pf-v6-u-mb-sm">
        {t('overview.volumes')}
      </Title>
      <DescriptionList isHorizontal horizontalTermWidthModifier={{ default: '24ch' }}>
        {GROUP_ORDER.filter((g) => groups[g].length > 0).map((g) => (
          <DescriptionListGroup key={g}>
            <DescriptionListTerm>{t(`overview.volumeGroups.${g}`)}</DescriptionListTerm>
            <DescriptionListDescription>
              <div className="jwa-help">{t(`overview.volumeHelp.${g}`)}</div>
              {groups[g].map((v) =>
                v.persistentVolumeClaim ? (
                  <div key={v.name}>
                    <Link to={`/volume/details/${ns}/${v.persistentVolumeClaim.claimName}`}>
                      {v.persistentVolumeClaim.claimName}
                    </Link>
                  </div>
                ) : (
                  <div key={v.name}>{v.name}</div>
                ),
              )}
            </DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>

      <Title headingLevel="h2" className="pf-v6-u-mt-lg pf-v6-u-mb-sm">
        {t('overview.environment')}
      </Title>
      {env.length === 0 ? (
        <p>{pod ? t('overview.noEnv') : t('details.noPod')}</p>
      ) : (
        env.map((group) => (
          <div key={group.source} className="pf-v6-u-mb-md">
            <Title headingLevel="h3" size="md">
              {group.source === 'notebook'
                ? t('overview.envNotebook')
                : group.source === 'other'
                  ? t('overview.envOther')
                  : t('overview.envConfiguration', { desc: group.source })}
            </Title>
            <Table variant="compact" aria-label={group.source}>
              <Tbody>
                {group.vars.map((v) => (
                  <Tr key={v.name}>
                    <Td width={30}>
                      <code>{v.name}</code>
                    </Td>
                    <Td>
                      <code>{v.value}</code>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </div>
        ))
      )}

      <Title headingLevel="h2" className="pf-v6-u-mt-lg pf-v6-u-mb-sm">
        {t('overview.conditions')}
      </Title>
      {conditions.length === 0 ? (
        <p>{t('overview.noConditions')}</p>
      ) : (
        <Table variant="compact" aria-label={t('overview.conditions')} data-testid="conditions">
          <Thead>
            <Tr>
              <Th>{t('overview.conditionType')}</Th>
              <Th>{t('overview.conditionStatus')}</Th>
              <Th>{t('overview.conditionReason')}</Th>
              <Th>{t('overview.conditionMessage')}</Th>
              <Th>{t('overview.conditionTransition')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {conditions.map((c) => (
              <Tr key={c.type}>
                <Td>{c.type}</Td>
                <Td>{c.status}</Td>
                <Td>{c.reason ?? ''}</Td>
                <Td>{c.message ?? ''}</Td>
                <Td>
                  <RelativeTime iso={c.lastTransitionTime ?? ''} now={now} format={format} empty="—" />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {yamlOf && (
        <Modal isOpen variant="medium" onClose={() => setYamlOf(undefined)} aria-labelledby="poddefault-yaml-title">
          <ModalHeader title={yamlOf.desc} labelId="poddefault-yaml-title" />
          <ModalBody>
            <Suspense fallback={<Spinner aria-label={t('common.loading')} />}>
              <YamlView text={stringify(yamlOf)} label={yamlOf.desc} />
            </Suspense>
          </ModalBody>
        </Modal>
      )}
    </div>
  );
}
