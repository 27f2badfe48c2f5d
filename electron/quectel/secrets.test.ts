import { describe, expect, it } from 'vitest';
import { commandSecrets, lineSecrets, payloadSecrets } from './secrets';

/** The text of each secret range. */
const secretsOf = (text: string, ranges = lineSecrets(text)) => ranges.map(([a, b]) => text.slice(a, b));

describe('lineSecrets: AT+QMTCONN', () => {
  it.each([
    ['AT+QMTCONN=0,"client","user","s3cret-pw"', ['s3cret-pw']],
    ['AT+QMTCONN=0, "client", "user", "s3cret-pw"', ['s3cret-pw']],
    ['at+qmtconn=0,"client","user","s3cret-pw"\r', ['s3cret-pw']],
    ['AT+QMTCONN=0,client,user,s3cret-pw', ['s3cret-pw']],
    ['AT+QMTCONN=0,client,user,s3cret-pw  ', ['s3cret-pw']],
    ['AT+QMTCONN=0,"client","user","pa\\"ss,word"', ['pa\\"ss,word']],
    ['AT+QMTCONN=0,"client","user","pa"ss"', ['pa"ss']],
    ['AT+QMTCONN=0,"client","user",""', []],
    ['AT+QMTCONN=0,"client"', []],
    ['AT+QMTCONN?', []],
    ['+QMTCONN: 0,0,0', []],
  ])('%s → %j', (line, expected) => expect(secretsOf(line)).toEqual(expected));

  it('masks a signature-like user name (Aliyun HMAC password form, SAS token) with the password', () => {
    const hmac = 'a'.repeat(40);
    expect(secretsOf(`AT+QMTCONN=0,"c","SharedAccessSignature sr=x&sig=abc","${hmac}"`)).toEqual(['SharedAccessSignature sr=x&sig=abc', hmac]);
    expect(secretsOf('AT+QMTCONN=0,"dev&pk","dev&pk","0123456789abcdef0123456789abcdef"')).toEqual(['0123456789abcdef0123456789abcdef']);
  });

  it('finds the command after another one on the same line and in a run of lines', () => {
    const text = 'AT+QMTOPEN=0,"h",1883;+QMTCONN=0,"c","u","pw-one"\r\nOK\r\nAT+QMTCONN=1,"c","u","pw-two"\r';
    expect(secretsOf(text)).toEqual(['pw-one', 'pw-two']);
  });
});

describe('lineSecrets: aliauth', () => {
  it.each([
    ['AT+QMTCFG="aliauth",0,"pk1","dev1","DeviceSecretValue"', ['DeviceSecretValue']],
    ['AT+QMTCFG="aliauth", 0, "pk1", "dev1", "DeviceSecretValue"', ['DeviceSecretValue']],
    ['AT+QMTCFG=aliauth,0,pk1,dev1,DeviceSecretValue', ['DeviceSecretValue']],
    ['AT+QMTCFG="aliauth",0,"pk1","dev1","Dev\\"Secret"', ['Dev\\"Secret']],
    ['+QMTCFG: "aliauth","pk1","dev1","DeviceSecretValue"', ['DeviceSecretValue']],
    ['AT+QMTCFG="aliauth",0', []],
    ['AT+QMTCFG="keepalive",0,30', []],
    ['AT+QMTCFG="version",0,4', []],
  ])('%s → %j', (line, expected) => expect(secretsOf(line)).toEqual(expected));

  it('gives offsets into the text it was given', () => {
    const line = 'AT+QMTCFG="aliauth",0,"pk","dn","XYZW"';
    expect(commandSecrets(line)).toEqual([[line.indexOf('XYZW'), line.indexOf('XYZW') + 4]]);
  });
});

describe('payloadSecrets', () => {
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';
  it('takes the whole upload of a key file', () => {
    for (const name of ['client.key', 'UFS:client.key', 'device-key.pem', 'CLIENT.KEY']) {
      expect(payloadSecrets(`AT+QFUPL="${name}",100,60`, 'anything at all')).toEqual([[0, 15]]);
    }
  });
  it('takes an upload whose content is a private key, whatever its name', () => {
    expect(payloadSecrets('AT+QFUPL="client.pem",100', pem)).toEqual([[0, pem.length]]);
  });
  it('leaves a certificate upload and an ordinary message alone', () => {
    expect(payloadSecrets('AT+QFUPL="cacert.pem",100', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toEqual([]);
    expect(payloadSecrets('AT+QMTPUB=0,0,0,0,"t"', 'hello')).toEqual([]);
  });
  it('finds a private key published as a message', () => {
    expect(secretsOf(`key: ${pem}`, payloadSecrets('AT+QMTPUB=0,0,0,0,"t"', `key: ${pem}`))).toEqual([pem.trimEnd()]);
  });
});
