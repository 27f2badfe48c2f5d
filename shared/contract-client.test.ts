// The browser's contract client when its channel closes: every request, pending or new, gets a
// typed "lost the connection" answer at once instead of waiting for ever.
import { describe, expect, it } from 'vitest';
import { createContractClient, type MessageChannelLike } from './contract-client';

function channel(): MessageChannelLike & { close(): void; sent: string[] } {
  let closeFn: () => void = () => {};
  const sent: string[] = [];
  return {
    sent,
    send: (t) => void sent.push(t),
    onMessage: () => {},
    onClose: (fn) => {
      closeFn = fn;
    },
    close: () => closeFn(),
  };
}

describe('contract client', () => {
  it('answers a pending request and every later one with bridge.closed once the channel closed', async () => {
    const ch = channel();
    const api = createContractClient(ch);
    const pending = api.getPortState(undefined);
    ch.close();
    expect(await pending).toMatchObject({ ok: false, problem: { code: 'bridge.closed' } });
    const later = await api.getPortState(undefined);
    expect(later).toMatchObject({ ok: false, problem: { code: 'bridge.closed' } });
    expect(ch.sent).toHaveLength(1);
  });
});
