import { describe, expect, it } from 'vitest';
import { translator } from './i18n';
import { rsrpQuality, rssiQuality, signalQualityWord, SIGNAL_QUALITIES } from './signal-quality';

describe('signal quality', () => {
  it('words RSSI by the field rule of thumb, at its edges', () => {
    expect([-51, -69, -70, -85, -86, -100, -101, -112, -113, undefined].map(rssiQuality)).toEqual(['excellent', 'excellent', 'good', 'good', 'fair', 'fair', 'poor', 'poor', 'none', 'unknown']);
  });

  it('words LTE RSRP by its own thresholds, at their edges', () => {
    expect([-80, -81, -90, -91, -100, -101].map(rsrpQuality)).toEqual(['excellent', 'good', 'good', 'fair', 'fair', 'poor']);
  });

  it('has one word per quality in each language, and keeps a word it does not know', () => {
    const en = translator('en');
    const zh = translator('zh-CN');
    expect(SIGNAL_QUALITIES.map((q) => signalQualityWord(q, en))).toEqual(['excellent', 'good', 'fair', 'poor', 'none', 'unknown']);
    expect(SIGNAL_QUALITIES.map((q) => signalQualityWord(q, zh))).toEqual(['极好', '良好', '一般', '差', '无信号', '未知']);
    expect(signalQualityWord('marginal', zh)).toBe('marginal');
  });

  it('the wizard’s signal step says the same words as the status bar and the catalogue', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = translator(lang);
      for (const quality of [...SIGNAL_QUALITIES, 'marginal']) {
        const step = t('stepDetail.signal', { dbm: -71, bound: 'exact', quality });
        const bar = t('status.signalDbm', { dbm: -71, quality: signalQualityWord(quality, t) });
        expect(step, `${lang} ${quality}`).toBe(bar);
      }
    }
    expect(translator('en')('stepDetail.signal', { dbm: -113, bound: 'less', quality: 'poor' })).toBe('-113 dBm or less (poor)');
  });
});
