// The Files tab: what is on the modem's file system (AT+QFLST, AT+QFLDS), uploading a certificate
// or key picked from disk or dropped here (AT+QFUPL, checksum checked), deleting with a
// confirmation (AT+QFDEL). Contents are never shown: a key's are a secret, a certificate's say
// nothing a person can read.
import { useEffect, useState, type DragEvent } from 'react';
import { useWorkbench } from '../../stores';
import { connectionSelectors } from '../../stores/connection/selectors';
import { looksLikeKey, modemNameFor, readPicked, type PickedFile } from '../../stores/files/read';
import type { Translate } from '../../../shared/i18n';
import { useT } from '../../i18n';
import { ProblemBox } from '../common/ProblemBox';
import { SslContextPanel } from './SslContext';
import { ReplaceQuestion, UploadStatus } from './UploadProgress';

/** The reader's kinds (stores/files/read.ts) in the current language; a PEM label of another kind stays as read. */
function kindText(t: Translate, kind: string): string {
  switch (kind) {
    case 'PEM private key':
      return t('files.kindPemKey');
    case 'PEM certificate':
      return t('files.kindPemCert');
    case 'text':
      return t('files.kindText');
    case 'DER private key':
      return t('files.kindDerKey');
    default:
      return kind;
  }
}

const size = (n: number) => (n >= 10240 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

function UploadForm() {
  const t = useT();
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const uploading = useWorkbench((s) => s.uploading);
  const [picked, setPicked] = useState<PickedFile>();
  const [name, setName] = useState('');
  const [over, setOver] = useState(false);
  const take = async (f: File | undefined) => {
    if (!f) return;
    const p = await readPicked(f);
    setPicked(p);
    setName(modemNameFor(p.name));
  };
  const onDrag = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    // The window's own drop opens session files: a file dropped here is for the modem.
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    setOver(e.type !== 'dragleave');
  };
  return (
    <div
      className={`files-drop${over ? ' over' : ''}`}
      data-testid="files-drop"
      onDragOver={onDrag}
      onDragEnter={onDrag}
      onDragLeave={onDrag}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        void take(e.dataTransfer.files[0]);
      }}
    >
      <div className="row">
        <label className="file-pick">
          <span>{t('files.pick')}</span>
          {/* The browser's own picker speaks the browser's language: it is hidden behind one that speaks the app's. */}
          <span className="file-pick-control">
            <input type="file" className="visually-hidden" data-testid="files-pick" accept=".pem,.crt,.cer,.der,.key,.p8,application/x-pem-file" onChange={(e) => void take(e.target.files?.[0])} />
            <span className="file-choose" aria-hidden="true">
              {t('files.choose')}
            </span>
            <span className="file-chosen">{picked ? picked.name : t('files.noFile')}</span>
          </span>
        </label>
      </div>
      {picked && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void useWorkbench.getState().uploadFile(picked, name.trim(), { origin: 'files' });
          }}
        >
          <span className="muted small" data-testid="files-picked">
            {t(picked.isKey ? 'files.pickedKey' : 'files.picked', { name: picked.name, kind: kindText(t, picked.kind), size: size(picked.size) })}
          </span>
          <label>
            {t('files.nameOnModem')}{' '}
            <input data-testid="files-name" className="mono" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
          </label>
          <button type="submit" data-testid="files-upload" disabled={!isOpen || uploading || !name.trim()}>
            {uploading ? t('files.uploading') : t('files.upload')}
          </button>
        </form>
      )}
      <ReplaceQuestion origin="files" />
      <UploadStatus />
    </div>
  );
}

function FileRow({ name, bytes }: { name: string; bytes: number }) {
  const t = useT();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <tr data-testid="file-row" data-name={name}>
      <td className="mono">
        {name}
        {looksLikeKey(name) && <span className="key-badge" title={t('files.keyBadgeTitle')}>{t('files.keyBadge')}</span>}
      </td>
      <td className="num">{bytes}</td>
      <td className="file-actions">
        {confirm ? (
          <span className="confirm" role="alertdialog" aria-label={t('files.deleteLabel', { name })}>
            {t('files.deleteQuestion', { name })}{' '}
            <button
              type="button"
              className="danger"
              data-testid="file-delete-confirm"
              disabled={busy}
              autoFocus
              onClick={async () => {
                setBusy(true);
                await useWorkbench.getState().deleteFile(name);
                setBusy(false);
                setConfirm(false);
              }}
            >
              {t('files.delete')}
            </button>
            <button type="button" data-testid="file-delete-cancel" onClick={() => setConfirm(false)}>
              {t('files.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" data-testid="file-delete" onClick={() => setConfirm(true)}>
            {t('files.deleteAsk')}
          </button>
        )}
      </td>
    </tr>
  );
}

export function FilesView() {
  const t = useT();
  const isOpen = useWorkbench(connectionSelectors.isOpen);
  const listing = useWorkbench((s) => s.listing);
  const loading = useWorkbench((s) => s.filesLoading);
  const problem = useWorkbench((s) => s.filesProblem);
  const { refreshFiles } = useWorkbench.getState();
  useEffect(() => {
    if (isOpen) void refreshFiles();
  }, [isOpen, refreshFiles]);
  return (
    <section className="panel files" aria-label={t('files.region')} data-testid="files">
      <div className="sessions-toolbar">
        <h2>{t('files.heading')}</h2>
        <button type="button" data-testid="files-refresh" disabled={!isOpen || loading} onClick={() => void refreshFiles()}>
          {loading ? t('files.reading') : t('files.refresh')}
        </button>
        {listing?.free !== undefined && (
          <span className="muted small" data-testid="files-space">
            {listing.total !== undefined ? t('files.freeOf', { free: size(listing.free), total: size(listing.total) }) : t('files.free', { free: size(listing.free) })}
          </span>
        )}
      </div>
      {!isOpen && <p className="muted">{t('files.openPortFirst')}</p>}
      {isOpen && <UploadForm />}
      {problem && <ProblemBox problem={problem} testId="files-problem" />}
      {isOpen && listing && (
        <table className="session-list" data-testid="files-list">
          <thead>
            <tr>
              <th>{t('files.colName')}</th>
              <th className="num">{t('files.colSize')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {listing.files.map((f) => (
              <FileRow key={f.name} name={f.name} bytes={f.size} />
            ))}
            {listing.files.length === 0 && (
              <tr>
                <td colSpan={3} className="muted" data-testid="files-empty">
                  {t('files.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {isOpen && <SslContextPanel />}
    </section>
  );
}
