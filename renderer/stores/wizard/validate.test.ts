// The form's problems name the field and its fix in the user's language; English stays as the
// schema words it.
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { initialWizardState } from './state';
import { wizardFieldProblems } from './validate';

const form = (patch: Partial<typeof initialWizardState.form>) => ({ ...initialWizardState.form, ...patch });

describe('wizard field problems', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('says in English what the schema says', () => {
    expect(wizardFieldProblems(form({ clientIdx: '9' })).clientIdx).toBe('Client index must be 0–5');
    expect(wizardFieldProblems(form({ clientId: '' })).clientId).toBe('Client ID: type a client ID');
    expect(wizardFieldProblems(form({ clientId: 'a"b' })).clientId).toBe('Client ID: client ID cannot contain a double quote or a line break (AT strings have no escaping)');
    expect(wizardFieldProblems(form({ port: '70000' })).port).toBe('Port must be 1–65535');
  });

  it('says the same in Simplified Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(wizardFieldProblems(form({ clientIdx: '9' })).clientIdx).toBe('客户端索引必须在 0–5 之间');
    expect(wizardFieldProblems(form({ clientId: '' })).clientId).toBe('客户端 ID：请输入客户端 ID');
    expect(wizardFieldProblems(form({ port: '1.5' })).port).toBe('端口必须是 1–65535 之间的整数');
    expect(wizardFieldProblems(form({ apn: 'a\u201cb\u201d' })).apn).toBe('APN：APN包含中文/排版引号（“ ”），模组不接受');
  });
});
