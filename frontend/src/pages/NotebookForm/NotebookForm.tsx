import {
  ActionGroup,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormSection,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  PageSection,
  Spinner,
  Switch,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  Tooltip,
} from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { NamespaceObject, PodDefault, PvcListItem, NotebookListItem, SpawnerConfig } from '../../api/types.ts';
import { useReportError } from '../../app/use-report-error.ts';
import { useToasts } from '../../components/ToastProvider.tsx';
import { imageLabel } from '../../concepts/image-label.ts';
import {
  buildNotebookBody,
  GPU_COUNTS,
  initialFormState,
  validateForm,
  withServerType,
  type FormIssue,
  type FormIssues,
  type NotebookFormState,
} from '../../concepts/notebook-form.ts';
import {
  availableServerTypes,
  imageGroup,
  serverTypeEnabled,
  serverTypeIcon,
  serverTypeName,
} from '../../concepts/server-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isForbidden, LoadError, NoAccess, useSignedOutOn } from '../fetch-states.tsx';
import { FieldError } from './FieldError.tsx';
import { useFieldLabel } from './field-label.ts';
import { ResourceFields } from './ResourceFields.tsx';
import { VolumeSections } from './VolumeSections.tsx';

interface FormData {
  config: SpawnerConfig;
  storageClasses: string[];
  defaultStorageClass: string;
  gpuVendors: string[];
  podDefaults: PodDefault[];
  pvcs: PvcListItem[];
  notebooks: NotebookListItem[];
  namespace: NamespaceObject | undefined;
}

async function loadFormData(namespace: string, signal: AbortSignal): Promise<FormData> {
  const optional = <T,>(p: Promise<T>, fallback: T) => p.catch(() => fallback);
  const [config, storageClasses, defaultStorageClass, gpuVendors, podDefaults, pvcs, notebooks, ns] = await Promise.all(
    [
      api.config(signal),
      optional(api.storageClasses(signal), []),
      optional(api.defaultStorageClass(signal), ''),
      optional(api.gpus(signal), []),
      optional(api.podDefaults(namespace, signal), []),
      api.pvcs(namespace, signal),
      api.notebooks(namespace, signal),
      optional<NamespaceObject | undefined>(api.namespace(namespace, signal), undefined),
    ],
  );
  return { config, storageClasses, defaultStorageClass, gpuVendors, podDefaults, pvcs, notebooks, namespace: ns };
}

/** `/new` (ui.md §3). */
export function NotebookForm({ namespace }: { namespace: string }) {
  const { t } = useI18n();
  // Loaded once per visit: the form keeps what the user typed, so it is not refetched behind them.
  const data = useQuery({
    queryKey: queryKeys.notebookForm(namespace),
    queryFn: ({ signal }) => loadFormData(namespace, signal),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  useSignedOutOn([data.error]);

  if (isForbidden(data.error)) {
    return (
      <PageSection>
        <NoAccess namespace={namespace} error={data.error} />
      </PageSection>
    );
  }
  return (
    <PageSection>
      <Title headingLevel="h1" className="pf-v6-u-mb-md">
        {t('form.title')}
      </Title>
      {data.data ? (
        <NotebookFormBody namespace={namespace} data={data.data} />
      ) : data.error ? (
        <LoadError error={data.error} onRetry={() => void data.refetch()} headingLevel="h2" />
      ) : (
        <Spinner aria-label={t('common.loading')} />
      )}
    </PageSection>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

function NotebookFormBody({ namespace, data }: { namespace: string; data: FormData }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const toasts = useToasts();
  const reportError = useReportError();
  const { config } = data;
  const [state, setState] = useState<NotebookFormState>(() => initialFormState(config, lang));
  const [serverIssues, setServerIssues] = useState<FormIssues>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitting, setSubmitting] = useState(false);
  const [takenNames, setTakenNames] = useState<string[]>(() => data.notebooks.map((n) => n.name));
  const debouncedName = useDebounced(state.name.trim(), 500);

  // The async "already exists" check: the list was loaded with the form; ask again for the typed name.
  useEffect(() => {
    if (!debouncedName || takenNames.includes(debouncedName)) return undefined;
    const controller = new AbortController();
    api
      .notebook(namespace, debouncedName, controller.signal)
      .then(() => setTakenNames((names) => [...names, debouncedName]))
      .catch(() => undefined);
    return () => controller.abort();
  }, [debouncedName, namespace, takenNames]);

  const update = (next: NotebookFormState, field?: string) => {
    setState(next);
    if (field) setTouched((t0) => ({ ...t0, [field]: true }));
    if (Object.keys(serverIssues).length > 0) setServerIssues({});
  };

  const clientIssues = useMemo(
    () => validateForm(state, config, debouncedName === state.name.trim() ? takenNames : []),
    [state, config, takenNames, debouncedName],
  );
  const issueText = (issue: FormIssue | undefined) =>
    issue === undefined ? undefined : 'text' in issue ? issue.text : t(issue.key, issue.params);
  const issue = (field: string) => {
    if (serverIssues[field]) return issueText(serverIssues[field]);
    // Required-field messages wait until the field was touched; everything else shows at once.
    const client = clientIssues[field];
    if (client && 'key' in client && client.key === 'form.errors.required' && !touched[field]) return undefined;
    return issueText(client);
  };
  const fieldLabel = useFieldLabel();
  const [firstField, firstIssue] = Object.entries(clientIssues)[0] ?? [];
  const launchHint = firstIssue
    ? t('form.fieldIssue', { field: fieldLabel(firstField!), issue: issueText(firstIssue)! })
    : t('form.ready');

  const group = imageGroup(config, state.serverType);
  const types = availableServerTypes(config);
  const hideRegistry = config.hideRegistry ?? false;
  const hideTag = config.hideTag ?? false;
  const images = [...new Set([...(group?.value ? [group.value] : []), ...(group?.options ?? [])])];
  const vendors = config.gpus?.value?.vendors ?? [];
  const labels = data.namespace?.metadata.labels;
  const ro = (entry: { readOnly?: boolean } | undefined) => entry?.readOnly === true;
  const selectablePodDefaults = data.podDefaults.filter((p) => p.label);
  const affinityOptions = config.affinityConfig?.options ?? [];
  const tolerationOptions = config.tolerationGroup?.options ?? [];
  const runningRwoClaims = new Set(
    data.notebooks
      .filter((n) => n.status.phase !== 'stopped')
      .flatMap((n) => n.volumes)
      .filter((v) => data.pvcs.some((p) => p.name === v && p.modes.includes('ReadWriteOnce'))),
  );

  const submit = async () => {
    setSubmitting(true);
    toasts.show('info', t('form.submitting'));
    try {
      await api.createNotebook(namespace, buildNotebookBody(state, config, namespace));
      toasts.show('success', t('form.created'));
      navigate('/');
    } catch (err) {
      setSubmitting(false);
      if (err instanceof ApiError && err.fieldErrors.length > 0) {
        const next: FormIssues = {};
        for (const e of err.fieldErrors) next[e.field] = { text: e.message };
        setServerIssues(next);
        // Field errors go next to their fields; the summary toast covers those without one.
        if (err.fieldErrors.some((e) => e.field === '') || err.status !== 400) reportError(err);
        requestAnimationFrame(() =>
          document.querySelector('.pf-m-error, [aria-invalid="true"]')?.scrollIntoView({ block: 'center' }),
        );
      } else {
        reportError(err);
      }
    }
  };

  const gpuDisabled = ro(config.gpus);
  return (
    <Form
      isWidthLimited
      onSubmit={(e) => {
        e.preventDefault();
        if (!firstIssue && !submitting) void submit();
      }}
      data-testid="notebook-form"
    >
      <FormSection title={t('form.sections.name')} titleElement="h2">
        <FormGroup label={t('form.name')} isRequired fieldId="nb-name">
          <TextInput
            id="nb-name"
            value={state.name}
            onChange={(_e, v) => update({ ...state, name: v }, 'name')}
            validated={issue('name') ? 'error' : 'default'}
            data-testid="form-name"
            maxLength={63}
          />
          <FieldError text={issue('name')} />
        </FormGroup>
      </FormSection>

      <FormSection title={t('form.sections.type')} titleElement="h2">
        <ToggleGroup aria-label={t('form.sections.type')}>
          {types.map((type) => {
            const enabled = serverTypeEnabled(imageGroup(config, type), labels);
            const item = (
              <ToggleGroupItem
                key={type}
                icon={<img src={serverTypeIcon(type)} alt="" width={24} height={24} />}
                text={serverTypeName(type, config, lang)}
                isSelected={state.serverType === type}
                isDisabled={!enabled}
                onChange={() => update(withServerType(state, config, type))}
                data-testid={`form-type-${type}`}
              />
            );
            if (enabled) return item;
            const message = imageGroup(config, type)?.disabledMessage?.[lang] ?? t('form.typeDisabled', { namespace });
            return (
              <Tooltip key={type} content={message}>
                <span tabIndex={0}>{item}</span>
              </Tooltip>
            );
          })}
        </ToggleGroup>
      </FormSection>

      <FormSection title={t('form.sections.image')} titleElement="h2">
        {config.allowCustomImage && !ro(group) && (
          <Checkbox
            id="nb-custom-image-check"
            label={t('form.customImage')}
            isChecked={state.customImageCheck}
            onChange={(_e, checked) => update({ ...state, customImageCheck: checked })}
            data-testid="form-custom-image-check"
          />
        )}
        {state.customImageCheck ? (
          <FormGroup label={t('form.customImageLabel')} isRequired fieldId="nb-custom-image">
            <TextInput
              id="nb-custom-image"
              value={state.customImage}
              onChange={(_e, v) => update({ ...state, customImage: v }, 'customImage')}
              validated={issue('customImage') ? 'error' : 'default'}
              data-testid="form-custom-image"
            />
            <FieldError text={issue('customImage')} />
          </FormGroup>
        ) : (
          <FormGroup label={t('form.image')} isRequired fieldId="nb-image">
            <FormSelect
              id="nb-image"
              value={state.image}
              onChange={(_e, v) => update({ ...state, image: v })}
              isDisabled={ro(group)}
              validated={issue('image') ? 'error' : 'default'}
              data-testid="form-image"
            >
              {images.map((img) => (
                <FormSelectOption key={img} value={img} label={imageLabel(img, hideRegistry, hideTag)} />
              ))}
            </FormSelect>
            <FieldError text={issue('image')} />
          </FormGroup>
        )}
        <FormGroup label={t('form.pullPolicy')} fieldId="nb-pull-policy">
          <FormSelect
            id="nb-pull-policy"
            value={state.imagePullPolicy}
            onChange={(_e, v) => update({ ...state, imagePullPolicy: v })}
            isDisabled={ro(config.imagePullPolicy)}
            data-testid="form-pull-policy"
          >
            {['Always', 'IfNotPresent', 'Never'].map((p) => (
              <FormSelectOption key={p} value={p} label={p} />
            ))}
          </FormSelect>
        </FormGroup>
      </FormSection>

      <ResourceFields state={state} config={config} update={update} issue={issue} />

      {vendors.length > 0 && (
        <FormSection title={t('form.sections.gpus')} titleElement="h2">
          <Grid hasGutter md={6}>
            <GridItem>
              <FormGroup label={t('form.gpuCount')} fieldId="nb-gpus">
                <FormSelect
                  id="nb-gpus"
                  value={state.gpuNum}
                  onChange={(_e, v) => update({ ...state, gpuNum: v })}
                  isDisabled={gpuDisabled}
                  data-testid="form-gpus"
                >
                  {GPU_COUNTS.map((n) => (
                    <FormSelectOption key={n} value={n} label={n === 'none' ? t('form.none') : n} />
                  ))}
                </FormSelect>
              </FormGroup>
            </GridItem>
            <GridItem>
              <FormGroup label={t('form.gpuVendor')} fieldId="nb-gpu-vendor" isRequired={state.gpuNum !== 'none'}>
                <FormSelect
                  id="nb-gpu-vendor"
                  value={state.gpuVendor}
                  onChange={(_e, v) => update({ ...state, gpuVendor: v })}
                  isDisabled={gpuDisabled || state.gpuNum === 'none'}
                  validated={issue('gpus.vendor') ? 'error' : 'default'}
                  data-testid="form-gpu-vendor"
                >
                  <FormSelectOption value="" label={t('form.chooseVendor')} isPlaceholder />
                  {vendors.map((v) => (
                    <FormSelectOption
                      key={v.limitsKey}
                      value={v.limitsKey}
                      label={
                        data.gpuVendors.includes(v.limitsKey)
                          ? v.uiName
                          : `${v.uiName} — ${t('form.noGpusOfVendor', { vendor: v.uiName })}`
                      }
                    />
                  ))}
                </FormSelect>
                <FieldError text={issue('gpus.vendor') ?? issue('gpus')} />
              </FormGroup>
            </GridItem>
          </Grid>
        </FormSection>
      )}

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

      {selectablePodDefaults.length > 0 && (
        <FormSection title={t('form.sections.configurations')} titleElement="h2">
          {selectablePodDefaults.map((p) => (
            <Checkbox
              key={p.label}
              id={`nb-config-${p.label}`}
              label={p.desc}
              isChecked={state.configurations.includes(p.label)}
              isDisabled={ro(config.configurations)}
              onChange={(_e, checked) =>
                update({
                  ...state,
                  configurations: checked
                    ? [...state.configurations, p.label]
                    : state.configurations.filter((c) => c !== p.label),
                })
              }
              data-testid={`form-config-${p.label}`}
            />
          ))}
        </FormSection>
      )}

      {(affinityOptions.length > 0 || tolerationOptions.length > 0) && (
        <FormSection title={t('form.sections.scheduling')} titleElement="h2">
          <Grid hasGutter md={6}>
            {affinityOptions.length > 0 && (
              <GridItem>
                <FormGroup label={t('form.affinity')} fieldId="nb-affinity">
                  <FormSelect
                    id="nb-affinity"
                    value={state.affinityConfig}
                    onChange={(_e, v) => update({ ...state, affinityConfig: v })}
                    isDisabled={ro(config.affinityConfig)}
                    data-testid="form-affinity"
                  >
                    <FormSelectOption value="none" label={t('form.none')} />
                    {affinityOptions.map((o) => (
                      <FormSelectOption key={o.configKey} value={o.configKey} label={o.displayName} />
                    ))}
                  </FormSelect>
                </FormGroup>
              </GridItem>
            )}
            {tolerationOptions.length > 0 && (
              <GridItem>
                <FormGroup label={t('form.tolerations')} fieldId="nb-tolerations">
                  <FormSelect
                    id="nb-tolerations"
                    value={state.tolerationGroup}
                    onChange={(_e, v) => update({ ...state, tolerationGroup: v })}
                    isDisabled={ro(config.tolerationGroup)}
                    data-testid="form-tolerations"
                  >
                    <FormSelectOption value="none" label={t('form.none')} />
                    {tolerationOptions.map((o) => (
                      <FormSelectOption key={o.groupKey} value={o.groupKey} label={o.displayName} />
                    ))}
                  </FormSelect>
                </FormGroup>
              </GridItem>
            )}
          </Grid>
        </FormSection>
      )}

      <FormSection title={t('form.sections.misc')} titleElement="h2">
        <Switch
          id="nb-shm"
          label={t('form.shm')}
          isChecked={state.shm}
          onChange={(_e, checked) => update({ ...state, shm: checked })}
          isDisabled={ro(config.shm)}
          data-testid="form-shm"
        />
        <FormGroup label={t('form.language')} fieldId="nb-language">
          <FormSelect
            id="nb-language"
            value={state.language}
            onChange={(_e, v) => update({ ...state, language: v })}
            data-testid="form-language"
          >
            <FormSelectOption value="en" label="English" />
            <FormSelectOption value="fr" label="Français" />
          </FormSelect>
        </FormGroup>
      </FormSection>

      <ActionGroup className="jwa-form-actions">
        <Tooltip content={launchHint}>
          <Button
            type="submit"
            variant="primary"
            isAriaDisabled={!!firstIssue || submitting}
            isLoading={submitting || undefined}
            data-testid="form-launch"
          >
            {t('form.launch')}
          </Button>
        </Tooltip>
        <Button variant="link" onClick={() => navigate('/')} data-testid="form-cancel">
          {t('actions.cancel')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
