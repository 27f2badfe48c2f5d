// The `--help` texts of the `workbench` commands: each command's description, options, argument
// and notes (the scaffolding around them — "usage:", "options:", --lang, --help — is in cli.ts).
// Technical tokens stay as they are in both languages: option names, AT commands, JSON fields,
// file names, values. ICU: a literal brace is quoted ('{' … '}'), and so is '>' (a tag otherwise).
import { defineMessages } from '../define';

export const cliHelp = defineMessages({
  en: {
    atDescription: `Sends each AT command (or each line of stdin when none are given) and prints every line
exchanged with its time, direction and kind, then the outcome of each command.
A command of the form 'AT+QMTPUB=0,0,0,0,"topic" <<< TEXT' sends TEXT at the ''> '' prompt,
followed by Ctrl+Z, or exactly TEXT's bytes when the command gives a length.`,
    atCommands: 'AT commands to send in order (default: the lines of standard input; # starts a comment)',
    atPort: 'serial port (e.g. /dev/ttyUSB2, COM5), or "virtual" for the built-in EC20',
    atBaud: 'baud rate (default 115200, 8N1)',
    atJson: 'one JSON object per line (see shared/cli-json.ts)',
    timeoutScale: 'multiply every command timeout by X (default 1)',
    atJournal: 'journal file (default: a new file in the user data folder)',
    atLinger: 'after the last command, wait MS for trailing URCs (default 400)',
    atAwaitUrc: 'after an asynchronous MQTT command (QMTOPEN, QMTCONN, QMTSUB, QMTPUB …)\nis accepted, wait up to MS for its result URC before the next command',
    atNotes: 'exit codes: 0 all OK, 1 a command failed, 2 bad usage, 3 port could not be opened or was lost',

    simDescription: 'Starts the virtual EC20 on a pseudo-terminal and prints its device path.',
    simProfile: 'firmware profile: {profiles} (default EC2X-2018)',
    simSpeed: 'delay factor, 1 = realistic, 0 = as fast as possible (default 1)',
    simBroker: 'redirect every AT+QMTOPEN to this broker (default: each open dials the host it names)',
    simBrokerTls: 'where opens with QMTCFG "ssl" on go (mqtts://host:port; default: --broker)',
    simDirect: 'QMTOPEN dials the host it names (the default; kept for scripts)',
    simRedirect: 'send every AT+QMTOPEN to the embedded broker whatever host it names (the old demo behaviour)',
    simEcho: 'echo at power-up (default on, as the factory setting)',
    simMaxWrite: "write the modem's output in pieces of at most N bytes",
    simTls: 'give the embedded broker a TLS listener with a fresh demo CA (its path is printed)',
    simCoverage: 'list the AT commands the simulator implements and exit',

    runDescription: `Runs a script: AT lines, "> payload" lines for the ''>'' prompt, "# expect REGEX" checks of the
answer, "# await +QMTCONN: 0,0,0 10s" waits for a URC (or "# await /REGEX/"), other "#" lines
are comments; $'{'NAME'}' is filled from --set NAME=VALUE or the environment. With several ports
the script runs on all of them at once, each with its own journal, then a table of verdicts.`,
    runScript: 'the script file (- for standard input)',
    runPort: "serial port, a glob (/dev/ttyUSB*), or \"virtual\" for a built-in EC20\n(its broker is $'{'VIRTUAL_BROKER_HOST'}':$'{'VIRTUAL_BROKER_PORT'}')",
    runSet: "a value for $'{'NAME'}' in the script (wins over the environment)",
    runJson: `one JSON object per port ('{"port","ok","exitCode","at","detail","journal","durationMs","result"}'), then '{"summary":true,…}'`,
    runJournalDir: 'where the journals go (default: the user data folder)',
    runReport: "also send each port's verdict and the summary as JSON: mqtt://[USER:PASS@]HOST:PORT/TOPIC\n(mqtts:// for TLS, with the --report-… options below), or FILE.jsonl to append to",
    runFault: 'with --port virtual, start the Virtual EC20 with a fault: {faults};\nLABEL=F for one port of a rack, LABEL as the table names it (virtual#2=pdp-fails)',
    runNotes: 'exit codes: 0 passed, 1 a check failed, 2 bad usage, 3 a port could not be opened or was lost',

    scriptDescription: `Writes a session as a replayable script: the commands sent with their payloads, each answer
as an "# expect" line with the fields that change (time, IP address, message ID, signal,
identities) loosened to patterns, each result URC as an "# await". Secrets (MQTT password,
DeviceSecret, private keys) are left out as $'{'VARIABLES'}' to give at run time.`,
    scriptJournal: 'the session journal (.cjsonl, as `workbench at` or the app wrote it)',
    scriptOut: 'write the script here (default: standard output)',
    scriptFrom: 'start at the Nth command sent (default 1)',
    scriptTo: 'end with the Nth command sent (default the last)',
    scriptNotes: 'exit codes: 0 written, 1 no command in the selection, 2 bad usage or unreadable journal',

    toolsPort: 'serial port (e.g. /dev/ttyUSB2), or the path `workbench sim` printed',
    toolsJson: `print one JSON object: '{"ok":…,"value"|"code","explanation","nextStep"}'`,
    filesDescription: "Lists the modem's files (AT+QFLST, AT+QFLDS), uploads one with its checksum compared (AT+QFUPL), deletes one (AT+QFDEL), or reads an SSL context back (AT+QSSLCFG).",
    filesActions: 'list (default) | upload NAME FILE | delete NAME | ssl CTX',
    filesReplace: 'upload: delete a file of that name first',
    filesNotes: 'exit codes: 0 done, 1 the modem refused, 2 bad usage, 3 the port could not be opened',
    diagDescription: 'Runs one check of the diagnosis table: {checks}.',
    diagCheck: '{checks}',
    diagHost: 'ping: the host (name or IP)',
    diagCid: 'dns, ping: PDP context (default 1)',
    diagCount: 'ping: replies to ask for (default 4)',
    diagTimeout: 'ping: seconds per reply (default 4)',
    diagNotes: 'exit codes: 0 pass, 1 warn or fail, 2 bad usage, 3 the port could not be opened',

    explainDescription: `Explains a result line, URC or error code, e.g.
  workbench explain "+QMTOPEN: 0,-1"
  workbench explain "+QMTCONN: 0,0,4" --host a1b2.iot-as-mqtt.cn-shanghai.aliyuncs.com
  workbench explain "+CME ERROR: SIM not inserted"
  workbench explain ERROR --command 'AT+QMTCONN=0,"id"'
  workbench explain '+QMTCONN: 0,2' --command 'AT+QMTCONN?'
  workbench explain "connack 5"`,
    explainText: 'the line or code to explain (several words are joined with spaces)',
    explainHost: 'the MQTT server, for cloud-specific hints (Alibaba Cloud)',
    explainServer: 'the same as --host; a port after the host is ignored',
    explainCommand: 'the command the line answered (e.g. AT+QMTCONN? for a read answer, or the\ncommand a plain ERROR rejected); without it a +… line is read as a URC',
    explainJson: 'print the explanation as JSON',
    explainNotes: 'exit codes: 0 explained, 1 not a line or code the catalogue knows, 2 bad usage',

    diagramDescription: `Draws the sequence diagram (Host, Modem, Server) of a session journal (.cjsonl or .jsonl):
observed AT lines solid, implied MQTT/TCP packets dashed, failures in red.`,
    diagramJournal: 'the journal file written by the app or by `workbench at`',
    diagramFormat: 'output format (default: mermaid)',
    outFile: 'write to FILE instead of standard output',
    diagramSecret: 'also redact TEXT; passwords, aliauth secrets and\nuploaded keys are always redacted',
    diagramNotes: 'exit codes: 0 drawn, 1 journal unreadable or output not written, 2 bad usage',

    exportDescription: `Exports a session for a support ticket: an html report (summary, first failure and next step,
diagram, filterable log), a json session file, a text capture or the mermaid diagram.
Secrets (MQTT passwords, aliauth secrets, signed passwords, uploaded keys) are always redacted.`,
    exportJournal: 'a journal (.jsonl) written by the app or `workbench at`, or a session file exported earlier',
    exportFormat: 'what to write (default: html)',
    exportRedact: 'redact secrets (always on; accepted for scripts that ask for it)',
    exportMaskIds: 'also mask IMEI, IMSI and ICCID, keeping their last 4 digits',
    exportFrom: 'start of the part to export: seconds from the session start (12.5)\nor an ISO time (2026-11-25T09:00:01Z)',
    exportTo: 'end of the part to export, same forms as --from',
    exportExchanges: "export only these exchanges (comma-separated ids, as in the log's Exch. column)",
    exportSecret: 'also redact TEXT wherever it appears',
    exportNotes: 'exit codes: 0 exported, 1 input unreadable or output not written, 2 bad usage',

    portsDescription: `Lists serial ports; Quectel modules are labelled by USB interface (AT, modem, NMEA, diagnostic).
Pseudo-terminals (the virtual modem) are never listed by the OS: use \`workbench sim\`.`,
    portsProbe: 'send AT to each port and report which ones answer (and which are held by another program)',
    portsJson: 'print JSON',
    portsNotes: 'exit codes: 0 listed, 1 listing failed, 2 bad usage',

    signDescription: 'Prints the MQTT clientId, username, password and the signed content for an Aliyun device (one device, one secret).',
    signProductKey: 'ProductKey of the device',
    signDeviceName: 'DeviceName',
    signDeviceSecret: 'DeviceSecret (or "-" to read it from stdin, keeping it out of the shell history)',
    signClientId: 'the bare clientId before "|" (default <ProductKey>.<DeviceName>)',
    signTimestamp: 'milliseconds since 1970 to sign (default: none)',
    signMethod: 'sign method: {methods} (default hmacsha256)',
    signSecureMode: '2 for TLS, 3 for plain TCP (default 2)',
    signJson: `one JSON object: '{"clientId","username","password","content"}'`,
    signNotes: 'exit codes: 0 signed, 2 bad usage or fields that cannot be signed',
    checkDescription: 'Checks a pasted device certificate JSON, MQTT connection parameters JSON or "ProductKey DeviceName DeviceSecret" before it is used.',
    checkFile: 'the file holding what the console copied, or - for stdin',
    checkAliauth: 'check for AT+QMTCFG="aliauth" (the modem signs) instead of host-side signing',
    checkRegion: 'region of the legacy public instance, e.g. cn-shanghai',
    checkInstance: 'instance id (iot-…) of a new public or Enterprise instance',
    checkHost: 'the MQTT host to check against the device',
    checkPort: 'port: 1883, 443 or 8883',
    checkTls: 'TLS on or off (default: from the port, else on)',
    checkMethod: 'sign method (default hmacsha256)',
    checkKeepalive: 'keepalive seconds (Aliyun: 30–1200)',
    checkJson: `print '{"ok","findings":[{severity,code,message,fix}],"plan":{…}}' (never the secret or password)`,
    checkNotes: 'exit codes: 0 no errors (warnings may be printed), 1 an error was found, 2 bad usage or unreadable input',

    clientCa: "CA (PEM or DER) the server's chain is checked against",
    clientCert: 'client certificate (PEM), presented to the server',
    clientKey: 'client private key (PEM, unencrypted)',
    clientSni: 'send this Server Name Indication (and check the certificate against it)',
    clientSeclevel: '0 the server is not verified, 1 verified (default), 2 also a client certificate (the default with --client-cert)',
    username: 'MQTT user name',
    passwordNeverPrinted: 'MQTT password (never printed)',
    reportTarget: "send each port's verdict and the summary as JSON: mqtt://[USER:PASS@]HOST:PORT/TOPIC\n(mqtts:// for TLS), or FILE.jsonl to append to",
    reportLead: 'the report broker: {help}',
  },
  'zh-CN': {
    atDescription: `依次发送每条 AT 命令（未给出命令时发送标准输入的每一行），打印收发的每一行及其时间、方向和类型，
然后给出每条命令的结果。
形如 'AT+QMTPUB=0,0,0,0,"topic" <<< TEXT' 的命令在 ''> '' 提示符处发送 TEXT 并跟上 Ctrl+Z；
命令给出了长度时，则恰好发送 TEXT 的这些字节。`,
    atCommands: '依次发送的 AT 命令（默认：标准输入的各行；# 开头为注释）',
    atPort: '串口（如 /dev/ttyUSB2、COM5），或 "virtual" 使用内置 EC20',
    atBaud: '波特率（默认 115200，8N1）',
    atJson: '每行一个 JSON 对象（见 shared/cli-json.ts）',
    timeoutScale: '所有命令超时乘以 X（默认 1）',
    atJournal: '日志文件（默认：在用户数据目录中新建一个文件）',
    atLinger: '最后一条命令之后，再等待 MS 毫秒接收后续 URC（默认 400）',
    atAwaitUrc: '异步 MQTT 命令（QMTOPEN、QMTCONN、QMTSUB、QMTPUB …）被接受后，\n最多等待 MS 毫秒接收其结果 URC，再发送下一条命令',
    atNotes: '退出码：0 全部 OK，1 有命令失败，2 用法错误，3 串口无法打开或已断开',

    simDescription: '在伪终端上启动虚拟 EC20，并打印其设备路径。',
    simProfile: '固件配置：{profiles}（默认 EC2X-2018）',
    simSpeed: '延时系数，1 = 接近真实，0 = 尽可能快（默认 1）',
    simBroker: '将每条 AT+QMTOPEN 重定向到此服务器（默认：每次打开都连接其指定的主机）',
    simBrokerTls: 'QMTCFG "ssl" 开启时打开连接的去向（mqtts://host:port；默认：--broker）',
    simDirect: 'QMTOPEN 连接其指定的主机（默认行为；为脚本保留）',
    simRedirect: '无论指定哪个主机，都将每条 AT+QMTOPEN 发往内嵌服务器（旧的演示行为）',
    simEcho: '上电时的回显（默认开启，与出厂设置相同）',
    simMaxWrite: '将模组的输出分段写出，每段最多 N 字节',
    simTls: '为内嵌服务器增加一个 TLS 监听端口，使用新生成的演示 CA（会打印其路径）',
    simCoverage: '列出模拟器实现的 AT 命令后退出',

    runDescription: `运行脚本：AT 行、用于 ''>'' 提示符的 "> payload" 行、检查应答的 "# expect REGEX" 行，
"# await +QMTCONN: 0,0,0 10s" 等待一条 URC（或 "# await /REGEX/"），其他 "#" 行为注释；
$'{'NAME'}' 取自 --set NAME=VALUE 或环境变量。指定多个串口时，脚本在所有串口上同时运行，
各自记录日志，最后给出结论表。`,
    runScript: '脚本文件（- 表示标准输入）',
    runPort: "串口、通配符（/dev/ttyUSB*），或 \"virtual\" 使用内置 EC20\n（其服务器为 $'{'VIRTUAL_BROKER_HOST'}':$'{'VIRTUAL_BROKER_PORT'}'）",
    runSet: "脚本中 $'{'NAME'}' 的值（优先于环境变量）",
    runJson: `每个串口一个 JSON 对象（'{"port","ok","exitCode","at","detail","journal","durationMs","result"}'），最后是 '{"summary":true,…}'`,
    runJournalDir: '日志存放目录（默认：用户数据目录）',
    runReport: '同时将每个串口的结论和汇总以 JSON 发送到：mqtt://[USER:PASS@]HOST:PORT/TOPIC\n（TLS 用 mqtts://，配合下方的 --report-… 选项），或追加写入 FILE.jsonl',
    runFault: '配合 --port virtual，以故障方式启动虚拟 EC20：{faults}；\nLABEL=F 只作用于机架中的一个串口，LABEL 即结论表中的名称（virtual#2=pdp-fails）',
    runNotes: '退出码：0 通过，1 有检查失败，2 用法错误，3 有串口无法打开或已断开',

    scriptDescription: `将会话写成可重放的脚本：发送的命令及其载荷；每条应答写成一行 "# expect"，
其中会变化的字段（时间、IP 地址、消息 ID、信号、身份标识）放宽为匹配模式；每条结果 URC 写成 "# await"。
密钥类信息（MQTT 密码、DeviceSecret、私钥）不写入，留作 $'{'VARIABLES'}' 在运行时提供。`,
    scriptJournal: '会话日志（.cjsonl，由 `workbench at` 或应用写出）',
    scriptOut: '将脚本写到此处（默认：标准输出）',
    scriptFrom: '从发送的第 N 条命令开始（默认 1）',
    scriptTo: '到发送的第 N 条命令结束（默认最后一条）',
    scriptNotes: '退出码：0 已写出，1 所选范围内没有命令，2 用法错误或日志无法读取',

    toolsPort: '串口（如 /dev/ttyUSB2），或 `workbench sim` 打印的路径',
    toolsJson: `打印一个 JSON 对象：'{"ok":…,"value"|"code","explanation","nextStep"}'`,
    filesDescription: '列出模组中的文件（AT+QFLST、AT+QFLDS），上传文件并比对校验和（AT+QFUPL），删除文件（AT+QFDEL），或读回 SSL 上下文（AT+QSSLCFG）。',
    filesActions: 'list（默认）| upload NAME FILE | delete NAME | ssl CTX',
    filesReplace: 'upload：先删除同名文件',
    filesNotes: '退出码：0 完成，1 模组拒绝，2 用法错误，3 串口无法打开',
    diagDescription: '运行诊断表中的一项检查：{checks}。',
    diagCheck: '其中一项检查：{checks}',
    diagHost: 'ping：目标主机（域名或 IP）',
    diagCid: 'dns、ping：PDP 上下文（默认 1）',
    diagCount: 'ping：请求的应答次数（默认 4）',
    diagTimeout: 'ping：每次应答的超时秒数（默认 4）',
    diagNotes: '退出码：0 通过，1 警告或失败，2 用法错误，3 串口无法打开',

    explainDescription: `解释一条结果行、URC 或错误码，例如
  workbench explain "+QMTOPEN: 0,-1"
  workbench explain "+QMTCONN: 0,0,4" --host a1b2.iot-as-mqtt.cn-shanghai.aliyuncs.com
  workbench explain "+CME ERROR: SIM not inserted"
  workbench explain ERROR --command 'AT+QMTCONN=0,"id"'
  workbench explain '+QMTCONN: 0,2' --command 'AT+QMTCONN?'
  workbench explain "connack 5"`,
    explainText: '要解释的行或代码（多个单词以空格连接）',
    explainHost: 'MQTT 服务器，用于给出云平台相关提示（阿里云）',
    explainServer: '同 --host；主机后的端口会被忽略',
    explainCommand: '该行所应答的命令（如读取应答对应的 AT+QMTCONN?，或被单独一个 ERROR\n拒绝的命令）；不给出时，+… 行按 URC 解读',
    explainJson: '以 JSON 打印解释',
    explainNotes: '退出码：0 已解释，1 目录中没有该行或代码，2 用法错误',

    diagramDescription: `绘制会话日志（.cjsonl 或 .jsonl）的时序图（Host、Modem、Server）：
观察到的 AT 行为实线，推断的 MQTT/TCP 报文为虚线，失败标红。`,
    diagramJournal: '由应用或 `workbench at` 写出的日志文件',
    diagramFormat: '输出格式（默认：mermaid）',
    outFile: '写入 FILE 而不是标准输出',
    diagramSecret: '额外脱敏 TEXT；密码、aliauth 密钥和\n已上传的密钥总是会脱敏',
    diagramNotes: '退出码：0 已绘制，1 日志无法读取或输出未写入，2 用法错误',

    exportDescription: `导出会话用于技术支持工单：html 报告（摘要、首个失败及下一步、时序图、可筛选的日志）、
json 会话文件、文本记录或 mermaid 时序图。
密钥类信息（MQTT 密码、aliauth 密钥、签名密码、已上传的密钥）总是会脱敏。`,
    exportJournal: '由应用或 `workbench at` 写出的日志（.jsonl），或之前导出的会话文件',
    exportFormat: '要写出的内容（默认：html）',
    exportRedact: '脱敏密钥类信息（始终开启；为要求此选项的脚本保留）',
    exportMaskIds: '同时遮盖 IMEI、IMSI 和 ICCID，保留最后 4 位',
    exportFrom: '导出部分的起点：距会话开始的秒数（12.5）\n或 ISO 时间（2026-11-25T09:00:01Z）',
    exportTo: '导出部分的终点，格式同 --from',
    exportExchanges: '只导出这些交互（逗号分隔的编号，即日志中 Exch. 列的值）',
    exportSecret: '额外脱敏出现在任何位置的 TEXT',
    exportNotes: '退出码：0 已导出，1 输入无法读取或输出未写入，2 用法错误',

    portsDescription: `列出串口；Quectel 模组按 USB 接口标注（AT、modem、NMEA、diagnostic）。
伪终端（虚拟模组）不会被操作系统列出：请使用 \`workbench sim\`。`,
    portsProbe: '向每个串口发送 AT，报告哪些有应答（以及哪些被其他程序占用）',
    portsJson: '以 JSON 打印',
    portsNotes: '退出码：0 已列出，1 列举失败，2 用法错误',

    signDescription: '打印阿里云设备的 MQTT clientId、username、password 及签名内容（一机一密）。',
    signProductKey: '设备的 ProductKey',
    signDeviceName: '设备的 DeviceName',
    signDeviceSecret: 'DeviceSecret（或 "-" 从标准输入读取，使其不进入 shell 历史）',
    signClientId: '"|" 之前的 clientId 本身（默认 <ProductKey>.<DeviceName>）',
    signTimestamp: '参与签名的时间戳，自 1970 年起的毫秒数（默认：无）',
    signMethod: '签名方法：{methods}（默认 hmacsha256）',
    signSecureMode: '2 表示 TLS，3 表示明文 TCP（默认 2）',
    signJson: `一个 JSON 对象：'{"clientId","username","password","content"}'`,
    signNotes: '退出码：0 已签名，2 用法错误或字段无法签名',
    checkDescription: '在使用前检查粘贴的设备证书 JSON、MQTT 连接参数 JSON 或 "ProductKey DeviceName DeviceSecret"。',
    checkFile: '保存控制台复制内容的文件，或 - 表示标准输入',
    checkAliauth: '按 AT+QMTCFG="aliauth"（由模组签名）检查，而不是由主机端签名',
    checkRegion: '旧版公共实例的地域，如 cn-shanghai',
    checkInstance: '新版公共实例或企业版实例的实例 ID（iot-…）',
    checkHost: '要与设备核对的 MQTT 主机',
    checkPort: '端口：1883、443 或 8883',
    checkTls: '开启或关闭 TLS（默认：由端口决定，否则开启）',
    checkMethod: '签名方法（默认 hmacsha256）',
    checkKeepalive: '心跳（keepalive）秒数（阿里云：30–1200）',
    checkJson: `打印 '{"ok","findings":[{severity,code,message,fix}],"plan":{…}}'（从不包含密钥或密码）`,
    checkNotes: '退出码：0 没有错误（可能打印警告），1 发现错误，2 用法错误或输入无法读取',

    clientCa: '用于校验服务器证书链的 CA（PEM 或 DER）',
    clientCert: '客户端证书（PEM），提交给服务器',
    clientKey: '客户端私钥（PEM，未加密）',
    clientSni: '发送此服务器名称指示 SNI（并以此校验证书）',
    clientSeclevel: '0 不校验服务器，1 校验服务器（默认），2 同时提交客户端证书（给出 --client-cert 时的默认值）',
    username: 'MQTT 用户名',
    passwordNeverPrinted: 'MQTT 密码（从不打印）',
    reportTarget: '将每个串口的结论和汇总以 JSON 发送到：mqtt://[USER:PASS@]HOST:PORT/TOPIC\n（TLS 用 mqtts://），或追加写入 FILE.jsonl',
    reportLead: '报告服务器：{help}',
  },
});
