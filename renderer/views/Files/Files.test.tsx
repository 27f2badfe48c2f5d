// @vitest-environment happy-dom
// The Files tab: the listing, an upload whose name exists asks before replacing, the checksum
// verdict shows, a delete asks first, and a key's content is never on screen.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => {
  const calls: Array<{ name: string; args: unknown }> = [];
  const listing = { ok: true, value: { files: [{ name: 'ca.pem', size: 1188 }, { name: 'client.key', size: 1679 }], free: 100_000, total: 200_000 } };
  const answers: Record<string, (args: { replace?: boolean }) => unknown> = {
    listModemFiles: () => listing,
    uploadModemFile: (a) =>
      a.replace
        ? { ok: true, value: { name: 'ca.pem', size: 28, checksum: '1a2b', modemSize: 28, modemChecksum: '1a2b', verified: true, replaced: true } }
        : { ok: false, problem: { code: 'file.exists', title: 'ca.pem is already on the modem', detail: '+CME ERROR: 407', nextStep: 'Replace it' } },
    deleteModemFile: () => ({ ok: true, value: null }),
  };
  (window as unknown as { workbench: unknown }).workbench = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name.startsWith('on')
          ? () => () => undefined
          : async (args: { replace?: boolean }) => {
              calls.push({ name, args });
              return answers[name]?.(args ?? {}) ?? { ok: false, problem: { code: 'offline', title: '', detail: '', nextStep: '' } };
            },
    },
  );
  return calls;
});

import { useWorkbench } from '../../stores';
import { FilesView } from './index';

const SECRET_KEY = '-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----\n';

afterEach(cleanup);
beforeEach(() => {
  calls.length = 0;
  useWorkbench.setState({ port: { state: 'open', path: 'virtual:ec20', virtual: true }, listing: undefined, pendingReplace: undefined, lastUpload: undefined, uploadProblem: undefined });
});

const pick = async (name: string, text: string) => {
  const file = new File([text], name);
  await act(async () => {
    fireEvent.change(screen.getByTestId('files-pick'), { target: { files: [file] } });
    await new Promise((r) => setTimeout(r, 10));
  });
};

describe('Files tab', () => {
  it('lists the files, asks before replacing one that exists, then shows the checksum verdict', async () => {
    render(<FilesView />);
    expect(await screen.findAllByTestId('file-row')).toHaveLength(2);
    await pick('ca.pem', '-----BEGIN CERTIFICATE-----\n');
    expect(screen.getByTestId('files-name')).toHaveProperty('value', 'ca.pem');
    await act(async () => fireEvent.click(screen.getByTestId('files-upload')));
    expect(await screen.findByTestId('upload-exists')).toBeTruthy();
    expect(calls.filter((c) => c.name === 'uploadModemFile').map((c) => (c.args as { replace: boolean }).replace)).toEqual([false]);
    await act(async () => fireEvent.click(screen.getByTestId('upload-replace')));
    const verdict = await screen.findByTestId('upload-verdict');
    expect(verdict.getAttribute('data-verified')).toBe('true');
    expect(verdict.textContent).toContain('1a2b');
    expect(calls.filter((c) => c.name === 'uploadModemFile').map((c) => (c.args as { replace: boolean }).replace)).toEqual([false, true]);
    expect(screen.queryByTestId('upload-exists')).toBeNull();
  });

  it('keeps the modem’s file when told to, and never shows a key’s content', async () => {
    render(<FilesView />);
    await pick('client.key', SECRET_KEY);
    expect(screen.getByTestId('files-picked').textContent).toContain('private key');
    expect(document.body.textContent).not.toContain('SECRETSECRET');
    await act(async () => fireEvent.click(screen.getByTestId('files-upload')));
    await act(async () => fireEvent.click(await screen.findByTestId('upload-keep')));
    expect(calls.filter((c) => c.name === 'uploadModemFile')).toHaveLength(1);
    expect(document.body.textContent).not.toContain('SECRETSECRET');
  });

  it('deletes only after the confirmation', async () => {
    render(<FilesView />);
    const rows = await screen.findAllByTestId('file-row');
    await act(async () => fireEvent.click(rows[1]!.querySelector('[data-testid="file-delete"]')!));
    expect(calls.some((c) => c.name === 'deleteModemFile')).toBe(false);
    await act(async () => fireEvent.click(screen.getByTestId('file-delete-confirm')));
    expect(calls.find((c) => c.name === 'deleteModemFile')?.args).toEqual({ name: 'client.key' });
  });
});
