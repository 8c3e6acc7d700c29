import { EmptyState, EmptyStateBody, PageSection } from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function NotFound() {
  const { t } = useI18n();
  return (
    <PageSection>
      <EmptyState titleText={t('notFound.title')} headingLevel="h1" data-testid="not-found">
        <EmptyStateBody>
          <Link to="/">{t('notFound.home')}</Link>
        </EmptyStateBody>
      </EmptyState>
    </PageSection>
  );
}

/** A details page whose object does not exist (any more): say which, and where to go instead. */
export function ObjectNotFound({
  kind,
  namespace,
  name,
}: {
  kind: 'notebook' | 'volume';
  namespace: string;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <PageSection>
      <EmptyState
        icon={SearchIcon}
        titleText={t(`notFound.${kind}Title`, { name })}
        headingLevel="h1"
        data-testid="object-not-found"
      >
        <EmptyStateBody>
          <p>{t(`notFound.${kind}Text`, { name, namespace })}</p>
          <Link to="/">{t('notFound.home')}</Link>
        </EmptyStateBody>
      </EmptyState>
    </PageSection>
  );
}
