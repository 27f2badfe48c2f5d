// First, before any module that builds a schema: see zod-without-eval.ts.
import './zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './ui/tokens.css';
import './styles.css';
import './shell/shell.css';
import { confirmWrites } from './shell/notify';
import { followLanguage } from './i18n';
import { persistPrefs } from './shell/prefs';
import { installShortcutHandler } from './shell/shortcuts';
import { wireEvents } from './wire';

wireEvents();
persistPrefs();
followLanguage();
installShortcutHandler();
confirmWrites();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
