// Thing-model presets for an Aliyun device in the topics panel: one click subscribes to the reply
// topic and fills a well-formed Alink payload (a fresh message id each time); replies in the
// received list are decoded (code, message, id). Topic shapes and reply codes: aliyun.md §3, §3.2.
import type { AliyunPreset } from '../../../shared/aliyun';
import { useWorkbench } from '../../stores';
import { useAliyunWizard } from '../Wizard/aliyunStore';
import { useT } from '../../i18n';
import type { Translate } from '../../../shared/i18n';
import { decodeAlinkReply, withFreshId } from './alink';

let nextId = 1;

/** The usual Alink reply codes in words (aliyun.md §3.2); others point to Aliyun's list. */
const MEANING: Record<number, (t: Translate) => string> = {
  200: (t) => t('topics.reply200'),
  400: (t) => t('topics.reply400'),
  429: (t) => t('topics.reply429'),
  460: (t) => t('topics.reply460'),
  500: (t) => t('topics.reply500'),
  6100: (t) => t('topics.reply6100'),
  6106: (t) => t('topics.reply6106'),
  6203: (t) => t('topics.reply6203'),
  6204: (t) => t('topics.reply6204'),
  6207: (t) => t('topics.reply6207'),
  6300: (t) => t('topics.reply6300'),
  6306: (t) => t('topics.reply6306'),
  6320: (t) => t('topics.reply6320'),
};

export function AliyunReply({ topic, payload }: { topic: string; payload: string }) {
  const t = useT();
  const r = decodeAlinkReply(topic, payload);
  if (!r) return null;
  const meaning = MEANING[r.code]?.(t) ?? t('topics.replyOther');
  return (
    <div className={r.code === 200 ? 'small' : 'small bad'} data-testid="alink-reply" data-code={r.code} data-id={r.id}>
      {r.message ? t('topics.replyWithMessage', { code: r.code, meaning, message: r.message, id: r.id }) : t('topics.reply', { code: r.code, meaning, id: r.id })}
    </div>
  );
}

async function apply(p: AliyunPreset): Promise<void> {
  const wb = useWorkbench.getState();
  const sub = p.direction === 'down' ? p.topic : p.replyTopic;
  if (sub && !wb.subscriptions.some((s) => s.topic === sub)) {
    wb.setTopicsField('subTopic', sub);
    wb.setTopicsField('subQos', 0);
    await useWorkbench.getState().subscribe();
  }
  if (p.direction === 'up') {
    wb.setTopicsField('pubTopic', p.topic);
    wb.setTopicsField('pubQos', 0);
    wb.setTopicsField('pubRetain', false);
    if (p.payload !== undefined) {
      wb.setTopicsField('pubEncoding', 'json');
      wb.setTopicsField('pubPayload', withFreshId(p.payload, nextId++));
    }
  }
}

/** Shown when the wizard holds an Aliyun device: its thing-model topics, and what Aliyun refuses. */
export function AliyunPresets() {
  const t = useT();
  const prepared = useAliyunWizard((s) => (s.kind === 'aliyun' ? s.prepared : undefined));
  const pubQos = useWorkbench((s) => s.pubQos);
  const pubRetain = useWorkbench((s) => s.pubRetain);
  const pubTopic = useWorkbench((s) => s.pubTopic.trim());
  if (!prepared || prepared.presets.length === 0) return null;
  const own = [`/sys/${prepared.productKey}/${prepared.deviceName}/`, `/${prepared.productKey}/${prepared.deviceName}/`, `/ota/device/`];
  const notOwn = pubTopic !== '' && !own.some((o) => pubTopic.startsWith(o));
  return (
    <div data-testid="aliyun-presets">
      <h2>{t('topics.aliyunHeading')}</h2>
      <div className="row">
        {prepared.presets.map((p) => (
          <button key={p.id} type="button" data-testid={`preset-${p.id}`} title={presetTitle(t, p)} onClick={() => void apply(p)}>
            {p.label}
          </button>
        ))}
      </div>
      {(pubQos === 2 || pubRetain || notOwn) && (
        <ul className="small bad" data-testid="aliyun-publish-checks">
          {pubQos === 2 && <li>{t('topics.aliyunNoQos2')}</li>}
          {pubRetain && <li>{t('topics.aliyunNoRetain')}</li>}
          {notOwn && <li>{t('topics.aliyunNotOwn', { topic: pubTopic, device: prepared.deviceName, productKey: prepared.productKey })}</li>}
        </ul>
      )}
    </div>
  );
}

function presetTitle(t: Translate, p: AliyunPreset): string {
  if (p.direction === 'up') return p.replyTopic ? t('topics.presetPublishReply', { topic: p.topic, reply: p.replyTopic }) : t('topics.presetPublish', { topic: p.topic });
  return p.replyTopic ? t('topics.presetSubscribeReply', { topic: p.topic, reply: p.replyTopic }) : t('topics.presetSubscribe', { topic: p.topic });
}
