import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { call, currentTransport } from './api.ts';
import { App } from './app/App.tsx';
import { BridgeMissing } from './app/BridgeMissing.tsx';
import { ErrorBoundary } from './app/ErrorBoundary.tsx';
import { ThemedRoot } from './app/theme.tsx';
import { initI18n } from './i18n/index.ts';
import { createStore } from './store.ts';

initI18n(localStorage.getItem('kiosk.locale') === 'en' ? 'en' : 'ja');

// D-09: every renderer makes itself known to the update gate at start (a reload forgets what was open before).
if (currentTransport() !== 'bridge-missing') void call('app:reportScreen', { screen: 'other' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider store={createStore()}>
      <ThemedRoot>
        {currentTransport() === 'bridge-missing' ? (
          <BridgeMissing />
        ) : (
          <ErrorBoundary>
            <App />
          </ErrorBoundary>
        )}
      </ThemedRoot>
    </Provider>
  </StrictMode>,
);
