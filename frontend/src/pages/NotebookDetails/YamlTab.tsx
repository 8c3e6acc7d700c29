import { Flex, FormSelect, FormSelectOption, Spinner } from '@patternfly/react-core';
import { lazy, Suspense, useState } from 'react';
import { stringify } from 'yaml';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

const YamlView = lazy(() => import('../../components/YamlView.tsx'));

export interface YamlObject {
  id: string;
  label: string;
  object: unknown;
  missing?: string;
}

/** Read-only YAML of one of several objects (Notebook / Pod), with a copy button. */
export function YamlTab({ objects }: { objects: YamlObject[] }) {
  const { t } = useI18n();
  const [selected, setSelected] = useState(objects[0]?.id ?? '');
  const current = objects.find((o) => o.id === selected) ?? objects[0];
  const text = current?.object ? stringify(current.object) : '';
  return (
    <div className="pf-v6-u-mt-md">
      <Flex alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mb-sm">
        {objects.length > 1 && (
          <FormSelect
            value={selected}
            onChange={(_e, v) => setSelected(v)}
            aria-label={t('details.yamlObject')}
            style={{ width: '14rem' }}
            data-testid="yaml-object"
          >
            {objects.map((o) => (
              <FormSelectOption key={o.id} value={o.id} label={o.label} />
            ))}
          </FormSelect>
        )}
        {text && <CopyButton text={text} label={t('common.copy')} copiedLabel={t('common.copied')} />}
      </Flex>
      {text ? (
        <Suspense fallback={<Spinner aria-label={t('common.loading')} />}>
          <YamlView text={text} label={current?.label ?? ''} testId="yaml" />
        </Suspense>
      ) : (
        <p data-testid="yaml-missing">{current?.missing}</p>
      )}
    </div>
  );
}
