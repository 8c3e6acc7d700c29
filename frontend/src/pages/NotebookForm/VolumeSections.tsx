import { Button, FormSection } from '@patternfly/react-core';
import { PlusCircleIcon } from '@patternfly/react-icons';
import type { PvcListItem } from '../../api/types.ts';
import {
  DEFAULT_MOUNT,
  existingVolumeDraft,
  newDataVolumeDraft,
  newVolumeDraft,
  NOTEBOOK_NAME_TOKEN,
  volumeMount,
  type VolumeDraft,
} from '../../concepts/notebook-form.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { FieldProps } from './ResourceFields.tsx';
import { VolumePanel } from './VolumePanel.tsx';

const ro = (entry: { readOnly?: boolean } | undefined) => entry?.readOnly === true;

export interface VolumeSectionsProps extends FieldProps {
  pvcs: PvcListItem[];
  storageClasses: string[];
  defaultStorageClass: string;
  /** ReadWriteOnce claims mounted by a running notebook: attaching one gets a warning. */
  runningRwoClaims: ReadonlySet<string>;
}

/** The workspace panel and the data volume panels (create and edit pages). */
export function VolumeSections(props: VolumeSectionsProps) {
  const { t } = useI18n();
  const { state, config, update, issue } = props;
  const data = props;
  const setVolume = (index: number | 'workspace', draft: VolumeDraft | null, field?: string) => {
    if (index === 'workspace') update({ ...state, workspace: draft }, field);
    else if (draft === null) update({ ...state, datavols: state.datavols.filter((_, i) => i !== index) });
    else update({ ...state, datavols: state.datavols.map((d, i) => (i === index ? draft : d)) }, field);
  };
  const addWorkspace = (kind: 'new' | 'existing') =>
    update({
      ...state,
      workspace:
        kind === 'new'
          ? newVolumeDraft(`${NOTEBOOK_NAME_TOKEN}-workspace`, DEFAULT_MOUNT)
          : existingVolumeDraft(DEFAULT_MOUNT, true),
    });
  const addDataVolume = (kind: 'new' | 'existing') =>
    update({
      ...state,
      datavols: [
        ...state.datavols,
        kind === 'new' ? newDataVolumeDraft(state.datavols.length + 1) : existingVolumeDraft('', false),
      ],
    });
  const volumeWarning = (draft: VolumeDraft) =>
    draft.kind === 'existing' && props.runningRwoClaims.has(draft.claimName) ? t('form.volumes.rwoInUse') : undefined;
  return (
    <>
      <FormSection title={t('form.sections.workspace')} titleElement="h2">
        {state.workspace ? (
          <VolumePanel
            title={t('form.volumes.workspace')}
            draft={state.workspace}
            path="workspace"
            notebookName={state.name.trim()}
            mount={state.workspace.mount}
            onChange={(d, field) => setVolume('workspace', d, field)}
            onRemove={() => setVolume('workspace', null)}
            disabled={ro(config.workspaceVolume)}
            pvcs={data.pvcs}
            storageClasses={data.storageClasses}
            defaultStorageClass={data.defaultStorageClass}
            issue={issue}
            warning={volumeWarning(state.workspace)}
          />
        ) : (
          <AddVolumeButtons onAdd={addWorkspace} disabled={ro(config.workspaceVolume)} testId="workspace" />
        )}
      </FormSection>

      <FormSection title={t('form.sections.dataVolumes')} titleElement="h2">
        {state.datavols.map((d, i) => (
          <VolumePanel
            key={i}
            title={t('form.volumes.dataVolume', { n: i + 1 })}
            draft={d}
            path={`datavols[${i}]`}
            notebookName={state.name.trim()}
            mount={volumeMount(d, state.name.trim())}
            onChange={(next, field) => setVolume(i, next, field)}
            onRemove={() => setVolume(i, null)}
            disabled={ro(config.dataVolumes)}
            pvcs={data.pvcs}
            storageClasses={data.storageClasses}
            defaultStorageClass={data.defaultStorageClass}
            issue={issue}
            warning={volumeWarning(d)}
          />
        ))}
        <AddVolumeButtons onAdd={addDataVolume} disabled={ro(config.dataVolumes)} testId="datavol" />
      </FormSection>
    </>
  );
}

function AddVolumeButtons({
  onAdd,
  disabled,
  testId,
}: {
  onAdd: (kind: 'new' | 'existing') => void;
  disabled: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <div>
      <Button
        variant="link"
        icon={<PlusCircleIcon />}
        onClick={() => onAdd('new')}
        isDisabled={disabled}
        data-testid={`${testId}-add-new`}
      >
        {t('form.volumes.addNew')}
      </Button>
      <Button
        variant="link"
        icon={<PlusCircleIcon />}
        onClick={() => onAdd('existing')}
        isDisabled={disabled}
        data-testid={`${testId}-add-existing`}
      >
        {t('form.volumes.addExisting')}
      </Button>
    </div>
  );
}
