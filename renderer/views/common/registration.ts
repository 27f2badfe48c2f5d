// A registration state ('home', 'roaming', 'denied' …, shared/status.ts) in the current language:
// the one table in shared/i18n/status-words.ts.
export { registrationState } from '../../../shared/i18n/status-words';
