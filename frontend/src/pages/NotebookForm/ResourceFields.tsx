import { ExpandableSection, FormGroup, FormSection, Grid, GridItem } from '@patternfly/react-core';
import { DecimalInput } from '../../components/DecimalInput.tsx';
import type { SpawnerConfig } from '../../api/types.ts';
import { withCpu, withMemory, type NotebookFormState } from '../../concepts/notebook-form.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { FieldError } from './FieldError.tsx';

export interface FieldProps {
  state: NotebookFormState;
  config: SpawnerConfig;
  update: (next: NotebookFormState, field?: string) => void;
  issue: (field: string) => string | undefined;
}

const ro = (entry: { readOnly?: boolean } | undefined) => entry?.readOnly === true;

/** Minimum CPU/RAM, and the maximums under "Advanced" (create and edit pages). */
export function ResourceFields({ state, config, update, issue }: FieldProps) {
  const { t, lang } = useI18n();
  return (
    <FormSection title={t('form.sections.resources')} titleElement="h2">
      <Grid hasGutter md={6}>
        <GridItem>
          <FormGroup label={t('form.cpu')} isRequired fieldId="nb-cpu">
            <DecimalInput
              id="nb-cpu"
              locale={lang}
              value={state.cpu}
              onChange={(v) => update(withCpu(state, config, v), 'cpu')}
              isDisabled={ro(config.cpu)}
              validated={issue('cpu') ? 'error' : 'default'}
              data-testid="form-cpu"
            />
            <FieldError text={issue('cpu')} />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label={t('form.memory')} isRequired fieldId="nb-memory">
            <DecimalInput
              id="nb-memory"
              locale={lang}
              value={state.memory}
              onChange={(v) => update(withMemory(state, config, v), 'memory')}
              isDisabled={ro(config.memory)}
              validated={issue('memory') ? 'error' : 'default'}
              data-testid="form-memory"
            />
            <FieldError text={issue('memory')} />
          </FormGroup>
        </GridItem>
      </Grid>
      <ExpandableSection toggleText={t('form.advanced')} isIndented>
        <Grid hasGutter md={6}>
          <GridItem>
            <FormGroup label={t('form.cpuLimit')} fieldId="nb-cpu-limit">
              <DecimalInput
                id="nb-cpu-limit"
                locale={lang}
                value={state.cpuLimit}
                onChange={(v) => update({ ...state, cpuLimit: v, cpuLimitEdited: true }, 'cpuLimit')}
                isDisabled={ro(config.cpu)}
                validated={issue('cpuLimit') ? 'error' : 'default'}
                data-testid="form-cpu-limit"
              />
              <FieldError text={issue('cpuLimit')} />
            </FormGroup>
          </GridItem>
          <GridItem>
            <FormGroup label={t('form.memoryLimit')} fieldId="nb-memory-limit">
              <DecimalInput
                id="nb-memory-limit"
                locale={lang}
                value={state.memoryLimit}
                onChange={(v) => update({ ...state, memoryLimit: v, memoryLimitEdited: true }, 'memoryLimit')}
                isDisabled={ro(config.memory)}
                validated={issue('memoryLimit') ? 'error' : 'default'}
                data-testid="form-memory-limit"
              />
              <FieldError text={issue('memoryLimit')} />
            </FormGroup>
          </GridItem>
        </Grid>
      </ExpandableSection>
    </FormSection>
  );
}
