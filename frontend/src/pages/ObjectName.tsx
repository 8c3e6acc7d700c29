import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The full name and namespace of the object a dialog acts on, never truncated (confirm dialogs). */
export function ObjectName({ namespace, name }: { namespace: string; name: string }) {
  const { t } = useI18n();
  return (
    <DescriptionList isHorizontal isCompact className="pf-v6-u-mb-md" data-testid="dialog-object">
      <DescriptionListGroup>
        <DescriptionListTerm>{t('dialogs.name')}</DescriptionListTerm>
        <DescriptionListDescription>
          <strong className="jwa-object-name" data-testid="dialog-object-name">
            {name}
          </strong>
        </DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>{t('dialogs.namespace')}</DescriptionListTerm>
        <DescriptionListDescription>{namespace}</DescriptionListDescription>
      </DescriptionListGroup>
    </DescriptionList>
  );
}
