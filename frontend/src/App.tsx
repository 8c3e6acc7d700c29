import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { createQueryClient } from './api/query-client.ts';
import { AppProvider } from './app/AppContext.tsx';
import { Shell } from './app/Shell.tsx';
import { ToastProvider } from './components/ToastProvider.tsx';
import { I18nProvider, useI18n } from './i18n/I18nProvider.tsx';

/** The router's basename is the path of <base href>, which the server sets to APP_PREFIX. */
function basename(): string {
  const path = new URL(document.baseURI).pathname.replace(/\/+$/, '');
  return path || '/';
}

function Providers() {
  const { t } = useI18n();
  return (
    <ToastProvider closeLabel={t('common.close')}>
      <AppProvider>
        <BrowserRouter basename={basename()}>
          <Shell />
        </BrowserRouter>
      </AppProvider>
    </ToastProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Providers />
      </I18nProvider>
    </QueryClientProvider>
  );
}
