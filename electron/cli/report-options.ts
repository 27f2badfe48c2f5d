// `--report TARGET` of `workbench run` and `workbench bringup`, with the factory broker's TLS and
// login given the way `workbench probe` takes them (the same names, prefixed: --report-ca,
// --report-client-cert, --report-client-key, --report-sni, --report-seclevel, --report-username,
// --report-password) and read by the same code (mqtt-client-options.ts).
import type { ReportConnection } from '../rack/report';
import { reportTargetProblem } from '../rack/report';
import { cliT } from './lang';
import { prefixedClientOptions, readClientTlsFiles } from './mqtt-client-options';

export const REPORT_OPTIONS = {
  report: { type: 'string', value: 'TARGET', get help() { return cliT()('cliHelp.reportTarget'); } },
  ...prefixedClientOptions('report-', (help) => cliT()('cliHelp.reportLead', { help })),
} as const;

type ReportValues = { [K in keyof typeof REPORT_OPTIONS]?: (typeof REPORT_OPTIONS)[K]['type'] extends 'number' ? number : string };

export interface ReportArgs {
  target: string;
  connection: ReportConnection;
}

/** The --report options → where to send and how to connect; a usage message; undefined without --report. */
export function reportArgs(v: ReportValues): ReportArgs | string | undefined {
  const given = (Object.keys(REPORT_OPTIONS) as Array<keyof ReportValues>).filter((k) => k !== 'report' && v[k] !== undefined);
  if (v.report === undefined) return given.length ? `--${given[0]} needs --report mqtt://… or mqtts://…` : undefined;
  const problem = reportTargetProblem(v.report);
  if (problem) return problem;
  const url = /^mqtts?:\/\//i.test(v.report) ? new URL(v.report) : undefined;
  if (!url && given.length) return `--${given[0]} is for a report broker (mqtt:// or mqtts://), not a file`;
  const tlsGiven = given.filter((k) => !['report-username', 'report-password'].includes(k));
  if (url && url.protocol === 'mqtt:' && tlsGiven.length) return `--${tlsGiven[0]} needs TLS: write mqtts://`;
  if (url && (url.username || url.password) && (v['report-username'] !== undefined || v['report-password'] !== undefined)) return 'give the report broker\'s login either in the URL or with --report-username/--report-password, not both';
  if (v['report-password'] !== undefined && v['report-username'] === undefined) return '--report-password needs --report-username as well';
  const files = readClientTlsFiles({ ca: v['report-ca'], clientCert: v['report-client-cert'], clientKey: v['report-client-key'] }, 'report-');
  if (typeof files === 'string') return files;
  const seclevel = v['report-seclevel'] ?? (files.clientCert ? 2 : 1);
  if (seclevel === 2 && !files.clientCert) return '--report-seclevel 2 presents a client certificate: give --report-client-cert and --report-client-key';
  return {
    target: v.report,
    connection: {
      ...(url?.protocol === 'mqtts:'
        ? {
            tls: {
              verify: seclevel >= 1,
              ...(files.ca ? { ca: files.ca } : {}),
              // As the probe (and the module): the certificate is presented at level 2 only.
              ...(seclevel === 2 && files.clientCert && files.clientKey ? { clientCert: files.clientCert, clientKey: files.clientKey } : {}),
              ...(v['report-sni'] !== undefined ? { servername: v['report-sni'] } : {}),
            },
          }
        : {}),
      ...(v['report-username'] !== undefined ? { username: v['report-username'] } : {}),
      ...(v['report-password'] !== undefined ? { password: v['report-password'] } : {}),
    },
  };
}
