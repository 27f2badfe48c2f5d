// The words for a signal's quality (shared/signal-quality.ts), once: the status bar, the wizard's
// signal step and the catalogue's readings of AT+CSQ / AT+QCSQ say them alike.
import { defineMessages } from '../define';

export const signalQuality = defineMessages({
  en: {
    excellent: 'excellent',
    good: 'good',
    fair: 'fair',
    poor: 'poor',
    none: 'none',
    unknown: 'unknown',
  },
  'zh-CN': {
    excellent: '极好',
    good: '良好',
    fair: '一般',
    poor: '差',
    none: '无信号',
    unknown: '未知',
  },
});

/**
 * These words as an ICU select on `{quality}`, for a message carried to its reader with the
 * quality's id as a value (a step's detail): another value is said as it is.
 */
export function qualitySelect(words: Record<string, string>): string {
  return `{quality, select, ${Object.entries(words).map(([id, word]) => `${id} {${word}}`).join(' ')} other {{quality}}}`;
}
