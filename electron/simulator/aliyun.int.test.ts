// AT+QMTCFG="aliauth" end to end: the virtual module signs, a broker that checks signatures the
// way Aliyun does accepts it, and refuses a wrong secret with a real CONNACK 4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunPassword } from './aliauth';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker';
import { HostPort } from './host-port';
import { startVirtualModem, type VirtualModem } from './index';

const dev = { productKey: 'a1X2bEnP82z', deviceName: 'meter-0042', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' };

describe('Aliyun credentials against an Aliyun-checking broker', () => {
  let broker: EmbeddedBroker;
  let modem: VirtualModem;
  let host: HostPort;

  beforeAll(async () => {
    broker = await startEmbeddedBroker({ aliyunDevices: [dev] });
    modem = await startVirtualModem({ speed: 0, brokerUrl: broker.url, skipPowerUp: true });
    host = await HostPort.open(modem.hostPath);
    expect(await host.command('ATE0')).toEqual(['ATE0', 'OK']);
  });
  afterAll(async () => {
    await host?.close();
    await modem?.stop();
    await broker?.close();
  });

  async function open(idx: number) {
    expect(await host.command(`AT+QMTOPEN=${idx},"${dev.productKey}.iot-as-mqtt.cn-shanghai.aliyuncs.com",1883`)).toEqual(['OK']);
    await host.waitForLine(`+QMTOPEN: ${idx},0`);
  }

  it('aliauth with the right triple: the module signs and the broker accepts', async () => {
    expect(await host.command(`AT+QMTCFG="aliauth",0,"${dev.productKey}","${dev.deviceName}","${dev.deviceSecret}"`)).toEqual(['OK']);
    await open(0);
    expect(await host.command(`AT+QMTCONN=0,"${dev.deviceName}"`)).toEqual(['OK']);
    await host.waitForLine('+QMTCONN: 0,0,0');
    expect(await host.command('AT+QMTCLOSE=0')).toEqual(['OK']);
    await host.waitForLine('+QMTCLOSE: 0,0');
  });

  it('aliauth with a wrong secret: CONNACK 4, then the link closes', async () => {
    expect(await host.command(`AT+QMTCFG="aliauth",1,"${dev.productKey}","${dev.deviceName}","wrong-secret"`)).toEqual(['OK']);
    await open(1);
    expect(await host.command(`AT+QMTCONN=1,"${dev.deviceName}"`)).toEqual(['OK']);
    expect(await host.waitForLine('+QMTSTAT: 1,1')).toEqual(['+QMTCONN: 1,0,4', '+QMTSTAT: 1,1']);
  });

  it('host-side signing (hmacsha256 with timestamp) passed through QMTCONN is accepted too', async () => {
    const id = `${dev.productKey}.${dev.deviceName}`;
    const password = aliyunPassword({ ...dev, clientId: id, timestamp: '2524608000000', method: 'hmacsha256' });
    await open(2);
    expect(await host.command(`AT+QMTCONN=2,"${id}|securemode=3,signmethod=hmacsha256,timestamp=2524608000000|","${dev.deviceName}&${dev.productKey}","${password}"`)).toEqual(['OK']);
    await host.waitForLine('+QMTCONN: 2,0,0');
  });
});
