import { ActionGroup, Alert, Button, Form, PageSection, Spinner, Title, Tooltip } from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { Notebook, NotebookListItem, PvcListItem, SpawnerConfig } from '../../api/types.ts';
import { useReportError } from '../../app/use-report-error.ts';
import { useToasts } from '../../components/ToastProvider.tsx';
import { buildEditBody, editStateFromNotebook, validateEdit } from '../../concepts/notebook-edit.ts';
import type { FormIssue, FormIssues, NotebookFormState } from '../../concepts/notebook-form.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isForbidden, isNotFound, LoadError, NoAccess, useSignedOutOn } from '../fetch-states.tsx';
import { useFieldLabel } from '../NotebookForm/field-label.ts';
import { ObjectNotFound } from '../NotFound.tsx';
import { ResourceFields } from '../NotebookForm/ResourceFields.tsx';
import { VolumeSections } from '../NotebookForm/VolumeSections.tsx';

interface EditData {
  notebook: Notebook;
  config: SpawnerConfig;
  pvcs: PvcListItem[];
  notebooks: NotebookListItem[];
  storageClasses: string[];
  defaultStorageClass: string;
}

/** `/notebook/edit/:namespace/:name` (ui.md §5): resources and volumes of an existing notebook. */
export function NotebookEdit() {
  const { namespace = '', name = '' } = useParams();
  const { t } = useI18n();
  // Loaded once per visit, so a poll never overwrites what the user is editing.
  const data = useQuery({
    queryKey: queryKeys.notebookEdit(namespace, name),
    queryFn: async ({ signal }): Promise<EditData> => {
      const [notebook, config, pvcs, notebooks, storageClasses, defaultStorageClass] = await Promise.all([
        api.notebook(namespace, name, signal),
        api.config(signal),
        api.pvcs(namespace, signal),
        api.notebooks(namespace, signal),
        api.storageClasses(signal).catch(() => []),
        api.defaultStorageClass(signal).catch(() => ''),
      ]);
      return { notebook, config, pvcs, notebooks, storageClasses, defaultStorageClass };
    },
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  useSignedOutOn([data.error]);

  if (isNotFound(data.error)) return <ObjectNotFound kind="notebook" namespace={namespace} name={name} />;
  if (isForbidden(data.error)) {
    return (
      <PageSection>
        <NoAccess namespace={namespace} error={data.error} />
      </PageSection>
    );
  }
  return (
    <PageSection>
      <Title headingLevel="h1" className="pf-v6-u-mb-md jwa-break">
        {t('edit.title', { name })}
      </Title>
      {data.data ? (
        <EditForm namespace={namespace} data={data.data} />
      ) : data.error ? (
        <LoadError error={data.error} onRetry={() => void data.refetch()} headingLevel="h2" />
      ) : (
        <Spinner aria-label={t('common.loading')} />
      )}
    </PageSection>
  );
}

function EditForm({ namespace, data }: { namespace: string; data: EditData }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const toasts = useToasts();
  const reportError = useReportError();
  const { config, notebook } = data;
  const name = notebook.metadata.name ?? '';
  const [state, setState] = useState<NotebookFormState>(() => editStateFromNotebook(notebook, config, lang));
  const [serverIssues, setServerIssues] = useState<FormIssues>({});
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const update = (next: NotebookFormState) => {
    setState(next);
    setServerIssues({});
  };
  const clientIssues = useMemo(() => validateEdit(state, config), [state, config]);
  const text = (issue: FormIssue | undefined) =>
    issue === undefined ? undefined : 'text' in issue ? issue.text : t(issue.key, issue.params);
  const issue = (field: string) => text(serverIssues[field] ?? clientIssues[field]);
  const fieldLabel = useFieldLabel();
  const [firstField, firstIssue] = Object.entries(clientIssues)[0] ?? [];
  const running = notebook.processed_status.phase !== 'stopped';
  const runningRwoClaims = new Set(
    data.notebooks
      .filter((n) => n.name !== name && n.status.phase !== 'stopped')
      .flatMap((n) => n.volumes)
      .filter((v) => data.pvcs.some((p) => p.name === v && p.modes.includes('ReadWriteOnce'))),
  );

  const save = async () => {
    setSaving(true);
    setConflict(false);
    try {
      await api.editNotebook(namespace, name, buildEditBody(state, config, namespace));
      toasts.show('success', t('edit.saved'));
      navigate(`/notebook/details/${namespace}/${name}`);
    } catch (err) {
      setSaving(false);
      if (err instanceof ApiError && err.status === 409 && err.fieldErrors.length === 0) setConflict(true);
      else if (err instanceof ApiError && err.fieldErrors.length > 0) {
        setServerIssues(Object.fromEntries(err.fieldErrors.map((e) => [e.field, { text: e.message }])));
        if (err.status !== 400 || err.fieldErrors.some((e) => e.field === '')) reportError(err);
      } else reportError(err);
    }
  };

  return (
    <Form
      isWidthLimited
      onSubmit={(e) => {
        e.preventDefault();
        if (!firstIssue && !saving) void save();
      }}
      data-testid="edit-form"
    >
      {running && (
        <Alert variant="warning" isInline title={t('edit.restartWarning')} data-testid="edit-restart-warning" />
      )}
      {conflict && (
        <Alert
          variant="danger"
          isInline
          title={t('edit.conflict')}
          actionLinks={
            <Button variant="link" isInline onClick={() => window.location.reload()}>
              {t('edit.reload')}
            </Button>
          }
          data-testid="edit-conflict"
        />
      )}
      <ResourceFields state={state} config={config} update={update} issue={issue} />
      <VolumeSections
        state={state}
        config={config}
        update={update}
        issue={issue}
        pvcs={data.pvcs}
        storageClasses={data.storageClasses}
        defaultStorageClass={data.defaultStorageClass}
        runningRwoClaims={runningRwoClaims}
      />
      <ActionGroup className="jwa-form-actions">
        <Tooltip
          content={
            firstIssue
              ? t('form.fieldIssue', { field: fieldLabel(firstField!), issue: text(firstIssue)! })
              : t('edit.ready')
          }
        >
          <Button
            type="submit"
            variant="primary"
            isAriaDisabled={!!firstIssue || saving}
            isLoading={saving || undefined}
            data-testid="edit-save"
          >
            {t('edit.save')}
          </Button>
        </Tooltip>
        <Button
          variant="link"
          onClick={() => navigate(`/notebook/details/${namespace}/${name}`)}
          data-testid="edit-cancel"
        >
          {t('actions.cancel')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
