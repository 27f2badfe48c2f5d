import { describe, expect, it } from 'vitest';
import { announcedLength, byteLength, takesPayload, withLength } from './payload';

describe('console payload', () => {
  it('knows which commands take a payload and what length they announce', () => {
    expect(takesPayload('AT+QFUPL="ca.pem",1188,100')).toBe(true);
    expect(takesPayload('AT+QMTPUB=0,0,0,0,"t"')).toBe(true);
    expect(takesPayload('AT+QFLST="*"')).toBe(false);
    expect(announcedLength('AT+QFUPL="ca.pem",1188,100')).toBe(1188);
    expect(announcedLength('AT+QFUPL="a,b.pem",12')).toBe(12);
    expect(announcedLength('AT+QFUPL="ca.pem"')).toBeUndefined();
    expect(announcedLength('AT+QMTPUB=0,1,1,0,"t",5')).toBe(5);
    expect(announcedLength('AT+QMTPUB=0,0,0,0,"t"')).toBeUndefined();
  });

  it('counts bytes, not characters, and rewrites the announced length', () => {
    expect(byteLength('-----BEGIN\né\n')).toBe(14);
    expect(withLength('AT+QFUPL="ca.pem",10,100', 1188)).toBe('AT+QFUPL="ca.pem",1188,100');
    expect(withLength('AT+QMTPUB=0,1,1,0,"a,b",3', 7)).toBe('AT+QMTPUB=0,1,1,0,"a,b",7');
    expect(withLength('AT+QFUPL="ca.pem"', 5)).toBe('AT+QFUPL="ca.pem",5');
    expect(withLength('AT+QMTPUB=0,0,0,0,"t"', 5)).toBe('AT+QMTPUB=0,0,0,0,"t"');
  });
});
