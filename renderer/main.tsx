import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './views/app';
import { AppServicesContext } from './app/app-services';
import { PhoneController } from './app/phone-controller';
import { connectHost } from './host/connect-host';
import { i18n } from './i18n/i18n';
import { resolveLanguage } from '../common/i18n/resolve-language';
import { applyTheme } from './theme/theme';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The first paint follows the OS already; the agent's settings, once loaded, may change both.
void i18n.changeLanguage(resolveLanguage('system', navigator.languages));
applyTheme('system');
const host = connectHost();
const services = { host, phone: new PhoneController(host) };
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <AppServicesContext.Provider value={services}>
        <App />
      </AppServicesContext.Provider>
    </I18nextProvider>
  </StrictMode>,
);
