// The fourth lane: a laptop probe recorded in the journal is drawn Laptop ⇄ MQTT server in the
// Mermaid and SVG exports; sessions without one keep their three lanes.
import { describe, expect, it } from 'vitest';
import { groupRecords } from '../exchanges';
import type { JournalRecord } from '../model';
import { sessionToMermaid, sessionToSvg } from './index';
import { layoutSession, lanesOf } from './layout';

const probe: JournalRecord = {
  seq: 3,
  mono: 5_000,
  wall: 1_700_000_005_000,
  event: {
    type: 'laptop-probe',
    host: 'broker.example.net',
    port: 1883,
    tls: false,
    ok: false,
    stage: 'mqtt',
    stages: [
      { stage: 'dns', status: 'passed', ms: 3, detail: 'broker.example.net → 192.0.2.7', addresses: ['192.0.2.7'] },
      { stage: 'tcp', status: 'passed', ms: 20, detail: 'connected to 192.0.2.7:1883', address: '192.0.2.7' },
      { stage: 'tls', status: 'skipped', ms: 0, detail: 'plain TCP: no TLS' },
      { stage: 'mqtt', status: 'failed', ms: 30, detail: 'CONNACK 4: Refused: bad user name or password.', code: 'connack.4', connack: 4 },
      { stage: 'roundtrip', status: 'skipped', ms: 0, detail: 'not run' },
    ],
    verdict: { side: 'server', text: 'The server refuses these credentials from both (CONNACK 4)', nextStep: 'Check the password.' },
  },
};
const command: JournalRecord[] = [
  { seq: 1, mono: 1_000, wall: 1_700_000_001_000, event: { type: 'command-started', id: 1, command: 'AT', at: { mono: 1_000, wall: 1_700_000_001_000 } } },
  { seq: 2, mono: 1_010, wall: 1_700_000_001_010, event: { type: 'command-ended', id: 1, command: 'AT', at: { mono: 1_010, wall: 1_700_000_001_010 }, outcome: { kind: 'ok', lines: [], final: 'OK' } } },
];

describe('the Laptop lane', () => {
  it('a laptop probe becomes one exchange whose packets go between the Laptop and the server, with the verdict as its note', () => {
    const model = groupRecords([...command, probe]);
    const x = model.exchanges.find((e) => e.kind === 'laptop');
    expect(x).toMatchObject({ outcome: 'error', command: 'laptop probe broker.example.net:1883', problem: { title: 'The server refuses these credentials from both (CONNACK 4)' } });
    const groups = layoutSession(model);
    expect(lanesOf(groups)).toEqual(['host', 'modem', 'server', 'laptop']);
    const arrows = groups.at(-1)!.arrows.map((a) => `${a.from}->${a.to} ${a.label.split(' (')[0]}${a.failed ? ' ✗' : ''}`);
    expect(arrows).toEqual(['laptop->server SYN', 'server->laptop SYN-ACK', 'laptop->server CONNECT', 'server->laptop CONNACK 4 ✗']);
    const mermaid = sessionToMermaid(model);
    expect(mermaid).toContain('participant Laptop');
    expect(mermaid).toContain('Laptop-->>Server: CONNECT');
    expect(mermaid).toContain('Server--xLaptop: ✗ CONNACK 4');
    expect(mermaid).toMatch(/Note over Host,Laptop: error: The server refuses these credentials from both/);
    expect(sessionToSvg(model)).toContain('>Laptop</text>');
  });

  it('a session without a probe keeps the three lanes', () => {
    const model = groupRecords(command);
    expect(lanesOf(layoutSession(model))).toEqual(['host', 'modem', 'server']);
    expect(sessionToMermaid(model)).not.toContain('Laptop');
  });
});
