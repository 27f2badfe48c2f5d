// The modem's readings in a reader's language, from the status bar's one table (messages/status.ts):
// the status bar, the port overviews and the html report's summary say them alike. English gives
// back what shared/status.ts signalText / registrationText write.
import type { Translate } from './index';
import { signalQualityWord } from '../signal-quality';

/** '-71 dBm (good)', '-113 dBm or less (poor)'. */
export function signalWords(s: { dbm?: number; bound?: 'or-less' | 'or-more'; quality: string }, t: Translate): string {
  const values = { dbm: s.dbm ?? '?', quality: signalQualityWord(s.quality, t) };
  return s.bound === 'or-less' ? t('status.signalDbmOrLess', values) : s.bound === 'or-more' ? t('status.signalDbmOrMore', values) : t('status.signalDbm', values);
}

/** A registration state ('home', 'roaming', 'denied' …, shared/status.ts). */
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

/** 'roaming (LTE) on Example Telecom'. */
export function registrationWords(reg: string, t: Translate, tech?: string, operator?: string): string {
  const state = registrationState(reg, t);
  if (tech && operator) return t('status.regTechOperator', { state, tech, operator });
  if (tech) return t('status.regTech', { state, tech });
  if (operator) return t('status.regOperator', { state, operator });
  return t('status.reg', { state });
}
