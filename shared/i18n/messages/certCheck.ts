// The laptop's certificate checks (electron/tls/cert-check.ts): what each check found, as the
// detail of a 'tls.*' Problem or as a note. The English is the text --json and the logs carry.
import { defineMessages } from '../define';

export const certCheck = defineMessages({
  en: {
    validity: '{role, select, ca {The CA certificate} client {The client certificate} other {The server certificate}} "{name}" is valid from {from} to {to}; checked at {at} ({clock, select, modem {the module clock, AT+CCLK?} other {the laptop clock}})',
    validityIgnored: '{detail}: {code, select, expired {expired} other {not valid yet}}, but "ignorelocaltime" is 1, so the module does not check it.',
    caUnreadable: 'The CA file is neither a PEM certificate nor a DER one.',
    notACa: '"{name}" in the CA file is not a CA certificate (basic constraints CA:FALSE or missing).',
    clientUnreadable: 'The client certificate file is neither a PEM certificate nor a DER one.',
    keyUnreadable: 'The key file cannot be read as an unencrypted private key (PEM or DER).',
    keyMismatch: 'The key\'s public half differs from the public key of "{name}".',
    level2NotGiven: 'Security level 2: the client certificate and key were not both given here, so they were not checked.',
    caNotIssuer: 'The server\'s certificate "{name}" (issued by "{issuer}") is not signed by the CA given ({cas}).',
    nameMismatch: '"{host}" is not among the names of the server\'s certificate: {names}.',
    serverNotFetched: 'The server\'s certificate was not fetched, so its issuer and names were not checked against "{host}".',
    level0: 'Security level 0: the module does not verify the server, so the CA is not used.',
    caOnModem: 'The CA is on the modem only: the laptop cannot check that it signs this server.',
    also: '{detail} Also: {also}',
  },
  'zh-CN': {
    validity: '{role, select, ca {CA 证书} client {客户端证书} other {服务器证书}}“{name}”的有效期为 {from} 至 {to}；检查时间 {at}（{clock, select, modem {模组时钟，AT+CCLK?} other {笔记本电脑时钟}}）',
    validityIgnored: '{detail}：{code, select, expired {已过期} other {尚未生效}}，但 "ignorelocaltime" 为 1，模组不检查有效期。',
    caUnreadable: 'CA 文件既不是 PEM 证书，也不是 DER 证书。',
    notACa: 'CA 文件中的“{name}”不是 CA 证书（基本约束为 CA:FALSE 或缺失）。',
    clientUnreadable: '客户端证书文件既不是 PEM 证书，也不是 DER 证书。',
    keyUnreadable: '无法将密钥文件读取为未加密的私钥（PEM 或 DER）。',
    keyMismatch: '该私钥的公钥部分与“{name}”的公钥不一致。',
    level2NotGiven: '安全级别 2：此处未同时提供客户端证书和密钥，因此未检查它们。',
    caNotIssuer: '服务器证书“{name}”（颁发者“{issuer}”）不是由所给的 CA（{cas}）签发的。',
    nameMismatch: '“{host}”不在服务器证书的名称中：{names}。',
    serverNotFetched: '未获取到服务器证书，因此未对照“{host}”检查其颁发者和名称。',
    level0: '安全级别 0：模组不验证服务器，因此不使用 CA。',
    caOnModem: 'CA 仅在模组上：笔记本电脑无法检查它是否签发了该服务器的证书。',
    also: '{detail} 另外：{also}',
  },
});
