// Thing-model presets for an Aliyun device in the topics panel: one click subscribes to the reply
// topic and fills a well-formed Alink payload (a fresh message id each time); replies in the
// received list are decoded (code, message, id). Topic shapes and reply codes: aliyun.md §3, §3.2.
import type { AliyunPreset } from '../../../shared/aliyun';
import { useWorkbench } from '../../stores';
import { useAliyunWizard } from '../Wizard/aliyunStore';
import { decodeAlinkReply, replyMeaning, withFreshId } from './alink';

let nextId = 1;

export function AliyunReply({ topic, payload }: { topic: string; payload: string }) {
  const r = decodeAlinkReply(topic, payload);
  if (!r) return null;
  return (
    <div className={r.code === 200 ? 'small' : 'small bad'} data-testid="alink-reply" data-code={r.code} data-id={r.id}>
      reply: code {r.code} ({replyMeaning(r.code)}){r.message ? ` · "${r.message}"` : ''} · id {r.id}
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
  const prepared = useAliyunWizard((s) => (s.kind === 'aliyun' ? s.prepared : undefined));
  const pubQos = useWorkbench((s) => s.pubQos);
  const pubRetain = useWorkbench((s) => s.pubRetain);
  const pubTopic = useWorkbench((s) => s.pubTopic.trim());
  if (!prepared || prepared.presets.length === 0) return null;
  const own = [`/sys/${prepared.productKey}/${prepared.deviceName}/`, `/${prepared.productKey}/${prepared.deviceName}/`, `/ota/device/`];
  const notOwn = pubTopic !== '' && !own.some((o) => pubTopic.startsWith(o));
  return (
    <div data-testid="aliyun-presets">
      <h2>Aliyun thing model</h2>
      <div className="row">
        {prepared.presets.map((p) => (
          <button key={p.id} type="button" data-testid={`preset-${p.id}`} title={`${p.direction === 'up' ? 'publish to' : 'subscribe to'} ${p.topic}${p.replyTopic ? `; replies on ${p.replyTopic}` : ''}`} onClick={() => void apply(p)}>
            {p.label}
          </button>
        ))}
      </div>
      {(pubQos === 2 || pubRetain || notOwn) && (
        <ul className="small bad" data-testid="aliyun-publish-checks">
          {pubQos === 2 && <li>Aliyun does not support QoS 2: publish with QoS 0 or 1.</li>}
          {pubRetain && <li>Aliyun keeps no retained messages: turn retain off.</li>}
          {notOwn && (
            <li>
              {pubTopic} is not a topic of {prepared.deviceName}: devices may publish only to their own topics (/sys/{prepared.productKey}/{prepared.deviceName}/…, /{prepared.productKey}/{prepared.deviceName}/user/…).
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
