// A registration state ('home', 'roaming', 'denied' …, shared/status.ts) in the current language.
import type { Translate } from '../../../shared/i18n';

export function registrationState(reg: string, t: Translate): string {
  switch (reg) {
    case 'not registered': return t('status.regNotRegistered');
    case 'home': return t('status.regHome');
    case 'searching': return t('status.regSearching');
    case 'denied': return t('status.regDenied');
    case 'unknown': return t('status.regUnknown');
    case 'roaming': return t('status.regRoaming');
    case 'sms only, home': return t('status.regSmsHome');
    case 'sms only, roaming': return t('status.regSmsRoaming');
    case 'emergency only': return t('status.regEmergency');
    case 'csfb not preferred, home': return t('status.regCsfbHome');
    case 'csfb not preferred, roaming': return t('status.regCsfbRoaming');
    default: return reg;
  }
}
