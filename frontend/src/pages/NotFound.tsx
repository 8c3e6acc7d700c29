import { EmptyState, EmptyStateBody, PageSection } from '@patternfly/react-core';
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
