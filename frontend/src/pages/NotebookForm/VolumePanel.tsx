import {
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Checkbox,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { TimesIcon } from '@patternfly/react-icons';
import type { PvcListItem } from '../../api/types.ts';
import { DecimalInput } from '../../components/DecimalInput.tsx';
import { ACCESS_MODES, DEFAULT_MOUNT, substituteName, type VolumeDraft } from '../../concepts/notebook-form.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { FieldError } from './FieldError.tsx';

export interface VolumePanelProps {
  title: string;
  draft: VolumeDraft;
  /** Body path of the volume (`workspace`, `datavols[0]`): ids, test ids and error keys derive from it. */
  path: string;
  notebookName: string;
  mount: string;
  /** `field` is the body path of the field the user changed, so its messages may show. */
  onChange: (draft: VolumeDraft, field?: string) => void;
  onRemove: () => void;
  disabled: boolean;
  pvcs: PvcListItem[];
  storageClasses: string[];
  defaultStorageClass: string;
  issue: (field: string) => string | undefined;
  warning?: string;
}

export function VolumePanel(props: VolumePanelProps) {
  const { t, lang } = useI18n();
  const { draft, path } = props;
  const id = path.replace(/[[\].]/g, '-');
  const nameField = `${path}.newPvc.metadata.name`;
  const sizeField = `${path}.newPvc.spec.resources.requests.storage`;
  const claimField = `${path}.existingSource.persistentVolumeClaim.claimName`;
  const mountField = `${path}.mount`;
  const set = (patch: Partial<VolumeDraft>, field?: string) => props.onChange({ ...draft, ...patch }, field);
  // Until the notebook has a name, names that follow it show as an example instead of "-workspace".
  const waitingForName = props.notebookName === '' && draft.kind === 'new' && !draft.nameEdited;
  const example = substituteName(draft.name, t('form.volumes.notebookName'));
  const mountWaits = waitingForName && !draft.mountEdited && props.mount !== DEFAULT_MOUNT;
  const noDefaultClass = draft.kind === 'new' && draft.useDefaultClass && !props.defaultStorageClass;
  return (
    <Card isCompact data-testid={`volume-panel-${id}`}>
      <CardHeader
        actions={{
          actions: (
            <Button
              variant="plain"
              aria-label={t('form.volumes.remove', { title: props.title })}
              icon={<TimesIcon />}
              onClick={props.onRemove}
              isDisabled={props.disabled}
              data-testid={`${id}-remove`}
            />
          ),
        }}
      >
        <CardTitle>{props.title}</CardTitle>
      </CardHeader>
      <CardBody>
        <ToggleGroup aria-label={t('form.volumes.kind')} className="pf-v6-u-mb-md">
          <ToggleGroupItem
            text={t('form.volumes.new')}
            isSelected={draft.kind === 'new'}
            onChange={() => set({ kind: 'new' })}
            isDisabled={props.disabled}
            data-testid={`${id}-kind-new`}
          />
          <ToggleGroupItem
            text={t('form.volumes.existing')}
            isSelected={draft.kind === 'existing'}
            onChange={() => set({ kind: 'existing' })}
            isDisabled={props.disabled}
            data-testid={`${id}-kind-existing`}
          />
        </ToggleGroup>
        <Grid hasGutter md={6}>
          {draft.kind === 'new' ? (
            <>
              <GridItem>
                <FormGroup label={t('form.volumes.name')} isRequired fieldId={`${id}-name`}>
                  <TextInput
                    id={`${id}-name`}
                    value={
                      draft.nameEdited
                        ? draft.name
                        : waitingForName
                          ? ''
                          : substituteName(draft.name, props.notebookName)
                    }
                    placeholder={waitingForName ? example : undefined}
                    onChange={(_e, v) => set({ name: v, nameEdited: true }, nameField)}
                    isDisabled={props.disabled}
                    validated={props.issue(nameField) ? 'error' : 'default'}
                    data-testid={`${id}-name`}
                  />
                  <FieldError text={props.issue(nameField)} />
                </FormGroup>
              </GridItem>
              <GridItem>
                <FormGroup label={t('form.volumes.size')} isRequired fieldId={`${id}-size`}>
                  <DecimalInput
                    id={`${id}-size`}
                    locale={lang}
                    value={draft.sizeGi}
                    onChange={(v) => set({ sizeGi: v }, sizeField)}
                    isDisabled={props.disabled}
                    validated={props.issue(sizeField) ? 'error' : 'default'}
                    data-testid={`${id}-size`}
                  />
                  <FieldError text={props.issue(sizeField)} />
                </FormGroup>
              </GridItem>
              <GridItem>
                <FormGroup label={t('form.volumes.storageClass')} fieldId={`${id}-class`}>
                  <Checkbox
                    id={`${id}-default-class`}
                    label={t('form.volumes.useDefaultClass')}
                    isChecked={draft.useDefaultClass}
                    onChange={(_e, checked) => set({ useDefaultClass: checked })}
                    isDisabled={props.disabled}
                  />
                  {!draft.useDefaultClass && (
                    <FormSelect
                      id={`${id}-class`}
                      value={draft.storageClass}
                      onChange={(_e, v) => set({ storageClass: v })}
                      isDisabled={props.disabled}
                      aria-label={t('form.volumes.storageClass')}
                    >
                      <FormSelectOption value="" label={t('form.volumes.emptyClass')} />
                      {props.storageClasses.map((c) => (
                        <FormSelectOption key={c} value={c} label={c} />
                      ))}
                    </FormSelect>
                  )}
                  {noDefaultClass && <FieldError warning text={t('form.volumes.noDefaultClass')} />}
                </FormGroup>
              </GridItem>
              <GridItem>
                <FormGroup label={t('form.volumes.accessMode')} fieldId={`${id}-mode`}>
                  <FormSelect
                    id={`${id}-mode`}
                    value={draft.accessMode}
                    onChange={(_e, v) => set({ accessMode: v })}
                    isDisabled={props.disabled}
                  >
                    {ACCESS_MODES.map((m) => (
                      <FormSelectOption key={m} value={m} label={m} />
                    ))}
                  </FormSelect>
                </FormGroup>
              </GridItem>
            </>
          ) : (
            <>
              <GridItem>
                <FormGroup label={t('form.volumes.claim')} isRequired fieldId={`${id}-claim`}>
                  <FormSelect
                    id={`${id}-claim`}
                    value={draft.claimName}
                    onChange={(_e, v) => set({ claimName: v }, claimField)}
                    isDisabled={props.disabled}
                    validated={props.issue(claimField) ? 'error' : 'default'}
                    data-testid={`${id}-claim`}
                  >
                    <FormSelectOption value="" label={t('form.volumes.chooseClaim')} isPlaceholder />
                    {props.pvcs.map((p) => (
                      <FormSelectOption
                        key={p.name}
                        value={p.name}
                        label={`${p.name} (${p.capacity}, ${p.modes.join(', ')})`}
                      />
                    ))}
                  </FormSelect>
                  <FieldError text={props.issue(claimField)} />
                  {props.warning && <FieldError warning text={props.warning} />}
                </FormGroup>
              </GridItem>
              <GridItem>
                <FormGroup fieldId={`${id}-readonly`} label={t('form.volumes.access')}>
                  <Checkbox
                    id={`${id}-readonly`}
                    label={t('form.volumes.readOnly')}
                    isChecked={draft.readOnly}
                    onChange={(_e, checked) => set({ readOnly: checked })}
                    isDisabled={props.disabled}
                  />
                </FormGroup>
              </GridItem>
            </>
          )}
          <GridItem span={12}>
            <FormGroup label={t('form.volumes.mount')} isRequired fieldId={`${id}-mount`}>
              <TextInput
                id={`${id}-mount`}
                value={mountWaits ? '' : props.mount}
                placeholder={mountWaits ? `${DEFAULT_MOUNT}/${example}` : undefined}
                onChange={(_e, v) => set({ mount: v, mountEdited: true }, mountField)}
                isDisabled={props.disabled}
                validated={props.issue(mountField) ? 'error' : 'default'}
                data-testid={`${id}-mount`}
              />
              <FieldError text={props.issue(mountField)} />
            </FormGroup>
          </GridItem>
        </Grid>
      </CardBody>
    </Card>
  );
}
