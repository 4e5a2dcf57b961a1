// First, so that app:status is asked before the rest of the bundle runs (see ./startup).
import './startup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config } from 'zod/v4/core';
import './i18n';
import './styles.css';
import { App } from './App';

// The CSP forbids eval: keep zod on its interpreted path.
config({ jitless: true });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
