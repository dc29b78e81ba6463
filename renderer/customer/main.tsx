// V-01: the customer window's page (customer.html). No Redux store, no session: it shows what the main process pushes.
import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { currentTransport } from '../api.ts';
import { BridgeMissing } from '../app/BridgeMissing.tsx';
import { ThemedRoot } from '../app/theme.tsx';
import { initI18n } from '../i18n/index.ts';
import { CustomerScreen } from './CustomerScreen.tsx';

// Always Japanese at start; the customer may switch to English on the screen (never stored).
initI18n('ja');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemedRoot>{currentTransport() === 'bridge-missing' ? <BridgeMissing /> : <CustomerScreen />}</ThemedRoot>
  </StrictMode>,
);
