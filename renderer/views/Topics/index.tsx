// Subscribe / unsubscribe, active subscriptions, publish (text, JSON, hex), received messages
// grouped by topic with time, QoS and payload shown as text, JSON or hex, and each topic's numeric
// fields plotted over time beside its messages.
import { useWorkbench } from '../../stores';
import { useT } from '../../i18n';
import type { PayloadEncoding } from '../../stores/topics/state';
import { canReconnect, reconnectText } from '../../stores/status/selectors';
import { formatPayload, groupByTopic, hexPayloadProblem } from '../../stores/topics/selectors';
import { ProblemBox } from '../common/ProblemBox';
import { AliyunPresets, AliyunReply } from './presets';
import { ClientStrip } from '../Clients/ClientStrip';
import { TopicPlots } from './PayloadPlots';

const time = (wall: number) => new Date(wall).toISOString().slice(11, 23);
const ENCODINGS: PayloadEncoding[] = ['text', 'json', 'hex'];

export function TopicsPanel() {
  const t = useT();
  const s = useWorkbench();
  const clientIdx = s.activeClient;
  // This client's own topics: its subscriptions and what it received.
  const groups = groupByTopic(s.messages.filter((m) => m.clientIdx === clientIdx));
  const subscriptions = s.subscriptions.filter((sub) => sub.clientIdx === clientIdx);
  const jsonProblem = s.pubEncoding === 'json' && s.pubPayload.trim() ? (() => { try { JSON.parse(s.pubPayload); return undefined; } catch (e) { return (e as Error).message; } })() : undefined;
  const hexProblem = s.pubEncoding === 'hex' ? hexPayloadProblem(s.pubPayload, t) : undefined;
  const client = s.modemStatus.mqtt[clientIdx];
  const truthClient = s.modemTruth.clients[clientIdx];
  return (
    <section className="panel topics" aria-label={t('topics.panel')}>
      <ClientStrip wide testId="topics-client-tab" label={t('topics.clientStrip')} />
      <div className="row" data-testid="mqtt-link">
        <label title={t('topics.autoReconnectTitle')}>
          <input type="checkbox" data-testid="mqtt-auto-reconnect" checked={s.autoReconnect} onChange={(e) => void s.setAutoReconnect(e.target.checked)} /> {t('topics.autoReconnect')}
        </label>
        {reconnectText(client?.reconnect) && <span className="muted" data-testid="topics-reconnect-state">{reconnectText(client?.reconnect)}</span>}
        <span className="grow" />
        <span className="muted small" data-testid="topics-client-state" data-state={truthClient?.state ?? 'closed'}>
          {t('topics.clientState', { client: clientIdx, state: truthClient?.state ?? 'closed' })}
        </span>
        <button type="button" data-testid="mqtt-disconnect" disabled={s.topicsBusy || truthClient?.state !== 'connected'} onClick={() => void s.endLink('disconnect')} title={t('topics.disconnectTitle')}>
          {t('topics.disconnect')}
        </button>
        <button type="button" data-testid="mqtt-close-network" disabled={s.topicsBusy || !truthClient || truthClient.state === 'closed'} onClick={() => void s.endLink('close')} title={t('topics.closeNetworkTitle')}>
          {t('topics.closeNetwork')}
        </button>
      </div>
      {client?.state === 'closed' && client.problem && <ProblemBox problem={client.problem} testId="topics-link-problem" />}
      {canReconnect(client) && client?.reconnect?.phase !== 'reconnecting' && (
        <button type="button" data-testid="topics-reconnect" disabled={s.reconnectBusy} onClick={() => void s.reconnect(clientIdx)}>
          {t('topics.reconnectClient', { client: clientIdx })}
        </button>
      )}
      {s.reconnectProblem && <ProblemBox problem={s.reconnectProblem} testId="reconnect-problem" />}
      {s.reconnectResult && (
        <ul className="small" data-testid="mqtt-reconnect-result" data-connected={String(s.reconnectResult.connected)}>
          {s.reconnectResult.steps.map((step, i) => (
            <li key={i} data-status={step.status}>
              {step.status === 'passed' ? '✓' : '✗'} {step.title}
              {step.detail ? ` — ${step.detail}` : ''}
              {step.problem ? ` — ${step.problem.title}` : ''}
            </li>
          ))}
        </ul>
      )}
      <AliyunPresets />
      <h2>{t('topics.subscribeHeading')}</h2>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void s.subscribe(); }}>
        <input data-testid="sub-topic" className="mono grow" placeholder={t('topics.subTopicPlaceholder')} value={s.subTopic} onChange={(e) => s.setTopicsField('subTopic', e.target.value)} />
        <select data-testid="sub-qos" value={s.subQos} onChange={(e) => s.setTopicsField('subQos', Number(e.target.value) as 0 | 1 | 2)} aria-label={t('topics.qos')}>
          {[0, 1, 2].map((q) => <option key={q} value={q}>{t('topics.qosOption', { qos: q })}</option>)}
        </select>
        <button type="button" data-testid="sub-add-filter" disabled={s.subMore.length >= 7} onClick={() => s.setTopicsField('subMore', [...s.subMore, { topic: '', qos: s.subQos }])} title={t('topics.addFilterTitle')}>
          {t('topics.addFilter')}
        </button>
        <button type="submit" data-testid="sub-button" disabled={s.topicsBusy || !s.subTopic.trim()}>{t('topics.subscribe')}</button>
      </form>
      {s.subMore.map((m, i) => (
        <div className="row" key={i}>
          <input data-testid={`sub-topic-${i + 1}`} className="mono grow" placeholder={t('topics.anotherFilterPlaceholder')} value={m.topic} onChange={(e) => s.setTopicsField('subMore', s.subMore.map((x, j) => (j === i ? { ...x, topic: e.target.value } : x)))} aria-label={t('topics.filterN', { n: i + 2 })} />
          <select data-testid={`sub-qos-${i + 1}`} value={m.qos} onChange={(e) => s.setTopicsField('subMore', s.subMore.map((x, j) => (j === i ? { ...x, qos: Number(e.target.value) as 0 | 1 | 2 } : x)))} aria-label={t('topics.filterQosN', { n: i + 2 })}>
            {[0, 1, 2].map((q) => <option key={q} value={q}>{t('topics.qosOption', { qos: q })}</option>)}
          </select>
          <button type="button" onClick={() => s.setTopicsField('subMore', s.subMore.filter((_, j) => j !== i))} aria-label={t('topics.removeFilterN', { n: i + 2 })}>✕</button>
        </div>
      ))}
      <ul className="subs" data-testid="subscriptions">
        {subscriptions.length === 0 && <li className="muted small">{t('topics.noSubscriptions', { client: clientIdx })}</li>}
        {subscriptions.map((sub) => (
          <li key={`${sub.clientIdx}:${sub.topic}`} data-testid="subscription">
            <span className="mono">{sub.topic}</span> <span className="muted small">{t('topics.subscriptionClient', { client: sub.clientIdx })}</span> {t('topics.qosOption', { qos: sub.qos })}
            {sub.granted !== undefined && (sub.granted === 128 ? <strong className="bad" data-testid="subscription-granted" data-granted="128">{t('topics.refusedByBroker')}</strong> : <span data-testid="subscription-granted" data-granted={sub.granted}>{t('topics.granted', { granted: sub.granted })}</span>)}{' '}
            <button type="button" onClick={() => void s.unsubscribe(sub)} disabled={s.topicsBusy}>{t('topics.unsubscribe')}</button>
          </li>
        ))}
      </ul>
      <h2>{t('topics.publishHeading')}</h2>
      <form className="publish" onSubmit={(e) => { e.preventDefault(); void s.publish(); }}>
        <div className="row">
          <input data-testid="pub-topic" className="mono grow" placeholder={t('topics.pubTopicPlaceholder')} value={s.pubTopic} onChange={(e) => s.setTopicsField('pubTopic', e.target.value)} />
          <select data-testid="pub-qos" value={s.pubQos} onChange={(e) => s.setTopicsField('pubQos', Number(e.target.value) as 0 | 1 | 2)} aria-label={t('topics.qos')}>
            {[0, 1, 2].map((q) => <option key={q} value={q}>{t('topics.qosOption', { qos: q })}</option>)}
          </select>
          <label><input type="checkbox" checked={s.pubRetain} onChange={(e) => s.setTopicsField('pubRetain', e.target.checked)} /> {t('topics.retain')}</label>
          <select data-testid="pub-encoding" value={s.pubEncoding} onChange={(e) => s.setTopicsField('pubEncoding', e.target.value as PayloadEncoding)} aria-label={t('topics.payloadFormat')}>
            {ENCODINGS.map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </div>
        <textarea data-testid="pub-payload" className="mono" rows={3} placeholder={s.pubEncoding === 'hex' ? '48 65 6c 6c 6f' : s.pubEncoding === 'json' ? '{"t": 21.5}' : t('topics.payloadPlaceholder')} value={s.pubPayload} onChange={(e) => s.setTopicsField('pubPayload', e.target.value)} />
        {jsonProblem && <div className="bad small" data-testid="pub-json-problem">{t('topics.notJson', { problem: jsonProblem })}</div>}
        {hexProblem && <div className="bad small" data-testid="pub-hex-problem">{hexProblem}</div>}
        <div className="row">
          <button type="submit" data-testid="pub-button" disabled={s.topicsBusy || !s.pubTopic.trim() || Boolean(jsonProblem) || Boolean(hexProblem)}>{t('topics.publish')}</button>
          {s.lastPublished && <span className="muted" data-testid="pub-done">{t('topics.published', { topic: s.lastPublished.topic, msgId: s.lastPublished.msgId })}</span>}
        </div>
      </form>
      {s.topicsProblem && <ProblemBox problem={s.topicsProblem} testId="topics-problem" />}
      <h2>
        {t('topics.received')}{' '}
        <select data-testid="view-encoding" value={s.viewEncoding} onChange={(e) => s.setTopicsField('viewEncoding', e.target.value as PayloadEncoding)} aria-label={t('topics.showPayloadsAs')}>
          {ENCODINGS.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
      </h2>
      <div className="received" data-testid="received">
        {groups.length === 0 && <div className="muted">{t('topics.noMessages')}</div>}
        {groups.map((g) => (
          <details key={g.topic} open className="topic-group" data-testid="topic-group" data-topic={g.topic}>
            <summary><span className="mono">{g.topic}</span> <span className="muted">({g.messages.length})</span></summary>
            <div className="topic-body">
              <div className="topic-messages">
                {g.messages.slice(-200).map((m) => (
                  <div key={m.id} className="message" data-testid="message">
                    <span className="muted">{time(m.wall)}</span> <span className="muted" data-testid="message-qos">{t('topics.messageQos', { msgId: m.msgId, qos: m.qosText ?? (m.msgId === 0 ? 'QoS 0' : t('topics.qos1or2')) })}</span>
                    <pre className="mono">{formatPayload(m, s.viewEncoding)}</pre>
                    <AliyunReply topic={m.topic} payload={m.payloadText} />
                  </div>
                ))}
              </div>
              <TopicPlots clientIdx={clientIdx} topic={g.topic} messages={g.messages} />
            </div>
          </details>
        ))}
      </div>
    </section>
  );
}
