// The Advanced and TLS sections as arguments of runBringup. Numbers are passed as typed (a field
// left empty or not a number goes as NaN), so the contract's schema names the field that is wrong.
import type { ArgsOf } from '../../../shared/api';
import type { OptionsState } from './state';

type BringupArgs = NonNullable<ArgsOf<'runBringup'>>;
type OptionArgs = Pick<BringupArgs, 'mqttVersion' | 'cid' | 'keepalive' | 'cleanSession' | 'pktTimeoutS' | 'retryTimes' | 'will' | 'recvMode' | 'tlsOptions'>;

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));

export function bringupOptionArgs(s: Pick<OptionsState, 'mqttOptions' | 'tlsForm' | 'tlsPicked'>, tls: boolean): OptionArgs {
  const o = s.mqttOptions;
  const args: OptionArgs = {
    mqttVersion: o.mqttVersion === '3' ? 3 : 4,
    cid: num(o.cid),
    keepalive: num(o.keepalive),
    cleanSession: o.cleanSession,
    pktTimeoutS: num(o.pktTimeoutS),
    retryTimes: num(o.retryTimes),
    recvMode: { buffered: o.recvBuffered, lengthField: o.recvLengthField },
  };
  if (o.willOn) args.will = { topic: o.willTopic, message: o.willMessage, qos: Number(o.willQos) as 0 | 1 | 2, retain: o.willRetain };
  if (tls) {
    const t = s.tlsForm;
    const seclevel = Number(t.seclevel) as 0 | 1 | 2;
    // A file picked from disk but not uploaded yet goes with its content: the bring-up uploads it.
    const file = (role: 'ca' | 'clientCert' | 'clientKey') => {
      const name = t[role].trim();
      if (!name) return undefined;
      const picked = s.tlsPicked[role];
      return picked && picked.name === name && !picked.uploaded ? { name, content: picked.content, encoding: picked.encoding } : { name };
    };
    const ca = seclevel >= 1 ? file('ca') : undefined;
    const clientCert = seclevel === 2 ? file('clientCert') : undefined;
    const clientKey = seclevel === 2 ? file('clientKey') : undefined;
    args.tlsOptions = {
      sslCtx: num(t.sslCtx),
      seclevel,
      sni: t.sni,
      ignoreLocalTime: t.ignoreLocalTime,
      ...(ca ? { ca } : {}),
      ...(clientCert ? { clientCert } : {}),
      ...(clientKey ? { clientKey } : {}),
    };
  }
  return args;
}
