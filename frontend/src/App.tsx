import { BrowserRouter } from 'react-router-dom';
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
  return (
    <I18nProvider>
      <Providers />
    </I18nProvider>
  );
}
