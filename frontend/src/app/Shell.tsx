import {
  Bullseye,
  EmptyState,
  EmptyStateBody,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  Page,
  PageSection,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { IndexPage } from '../pages/NotebookList/IndexPage.tsx';
import { NotFound } from '../pages/NotFound.tsx';
import { useApp } from './AppContext.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { NamespaceSelector } from './NamespaceSelector.tsx';

// The list is the first page almost everyone sees; the other pages load when first visited.
const NotebookDetails = lazy(() =>
  import('../pages/NotebookDetails/NotebookDetails.tsx').then((m) => ({ default: m.NotebookDetails })),
);
const NotebookEdit = lazy(() =>
  import('../pages/NotebookEdit/NotebookEdit.tsx').then((m) => ({ default: m.NotebookEdit })),
);
const NotebookForm = lazy(() =>
  import('../pages/NotebookForm/NotebookForm.tsx').then((m) => ({ default: m.NotebookForm })),
);
const VolumeDetails = lazy(() =>
  import('../pages/VolumeDetails/VolumeDetails.tsx').then((m) => ({ default: m.VolumeDetails })),
);

/** Changing namespace while on /new or a details page goes back to the index (ui.md §1.2). */
function useLeaveOnNamespaceChange(namespace: string | undefined) {
  const navigate = useNavigate();
  const location = useLocation();
  const previous = useRef(namespace);
  useEffect(() => {
    if (previous.current !== undefined && namespace !== previous.current && location.pathname !== '/') {
      if (location.pathname !== '/volumes') navigate('/');
    }
    previous.current = namespace;
  }, [namespace, location.pathname, navigate]);
}

export function Shell() {
  const { t } = useI18n();
  const { mode, namespace, allNamespaces, signedOut } = useApp();
  const listed = allNamespaces ?? (namespace ? [namespace] : []);
  const listKey = listed.join(',');
  useLeaveOnNamespaceChange(allNamespaces ? `*${namespace}` : namespace);

  useEffect(() => {
    document.title = t('shell.title');
  }, [t]);

  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadBrand>
          <Link to="/" className="jwa-brand">
            {t('shell.title')}
          </Link>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }}>
              {mode === 'standalone' && (
                <ToolbarItem>
                  <NamespaceSelector />
                </ToolbarItem>
              )}
              <ToolbarItem>
                <LanguageToggle />
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  const loading = (
    <PageSection>
      <Bullseye>
        <Spinner aria-label={t('common.loading')} />
      </Bullseye>
    </PageSection>
  );
  let content;
  if (signedOut) {
    content = (
      <PageSection>
        <EmptyState icon={UserIcon} titleText={t('errors.signedOut')} headingLevel="h1" data-testid="signed-out">
          <EmptyStateBody>{t('errors.signedOutText')}</EmptyStateBody>
        </EmptyState>
      </PageSection>
    );
  } else if (!namespace) {
    content = loading;
  } else {
    content = (
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/" element={<IndexPage key={listKey} namespaces={listed} />} />
          <Route path="/volumes" element={<IndexPage key={listKey} namespaces={listed} volumesOnly />} />
          <Route path="/new" element={<NotebookForm key={namespace} namespace={namespace} />} />
          <Route path="/notebook/details/:namespace/:name" element={<NotebookDetails />} />
          <Route path="/notebook/edit/:namespace/:name" element={<NotebookEdit />} />
          <Route path="/volume/details/:namespace/:name" element={<VolumeDetails />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    );
  }

  return (
    <Page masthead={mode === 'dashboard' ? undefined : masthead} className="jwa-page">
      {mode === 'dashboard' && (
        <PageSection variant="secondary" padding={{ default: 'noPadding' }} className="jwa-dashboard-bar">
          <Toolbar isSticky={false} inset={{ default: 'insetMd' }}>
            <ToolbarContent>
              <ToolbarItem align={{ default: 'alignEnd' }}>
                <LanguageToggle />
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
        </PageSection>
      )}
      {content}
    </Page>
  );
}
