// The modem's files (certificates and keys): the listing, an upload with its progress and checksum
// verdict, the "file exists" question, and deletes. The Files tab and the wizard's TLS section
// share it, so a file uploaded in one shows in the other.
import type { StateCreator } from 'zustand';
import type { Problem } from '../../../shared/outcome';
import type { FileUploadProgress, ModemFileListing, UploadedFile } from '../../../shared/modem-tls';
import type { Workbench } from '../index';
import type { PickedFile } from './read';

/** An upload the modem refused because the name exists: waiting for the user to replace or cancel. */
export interface PendingReplace {
  name: string;
  file: PickedFile;
  /** Where the upload was started ('files', 'tls-ca' …): the question shows there only. */
  origin: string;
}

export interface FilesState {
  listing?: ModemFileListing;
  filesLoading: boolean;
  filesProblem?: Problem;
  uploadProgress?: FileUploadProgress;
  uploading: boolean;
  lastUpload?: UploadedFile;
  uploadProblem?: Problem;
  pendingReplace?: PendingReplace;
}

export type UploadResult = { kind: 'uploaded'; uploaded: UploadedFile } | { kind: 'exists' } | { kind: 'failed'; problem: Problem };

export interface FilesActions {
  refreshFiles(): Promise<void>;
  /** Uploads under `name`; a name that exists comes back as 'exists' (and waits in pendingReplace). */
  uploadFile(file: PickedFile, name: string, opts?: { replace?: boolean; origin?: string }): Promise<UploadResult>;
  /** Answers the "file exists" question: replace it (true) or leave it (false). */
  answerReplace(replace: boolean): Promise<UploadResult | undefined>;
  deleteFile(name: string): Promise<boolean>;
  uploadProgressed(p: FileUploadProgress): void;
}

export type FilesSlice = FilesState & FilesActions;

/** The upload request says 'file.exists'; an older main side may pass the modem's +CME ERROR: 407 through. */
export const isExists = (p: Problem): boolean => p.code === 'file.exists' || /\b407\b/.test(p.code) || /CME ERROR: 407/.test(p.detail);

export const createFilesSlice: StateCreator<Workbench, [], [], FilesSlice> = (set, get) => ({
  filesLoading: false,
  uploading: false,
  async refreshFiles() {
    set({ filesLoading: true, filesProblem: undefined });
    const r = await get().api.listModemFiles({});
    if (r.ok) set({ filesLoading: false, listing: r.value });
    else set({ filesLoading: false, filesProblem: r.problem });
  },
  async uploadFile(file, name, { replace = false, origin = 'files' } = {}) {
    set({ uploading: true, uploadProblem: undefined, lastUpload: undefined, pendingReplace: undefined, uploadProgress: { name, phase: 'checking', sent: 0, total: file.size } });
    const r = await get().api.uploadModemFile({ name, content: file.content, encoding: file.encoding, replace });
    set({ uploading: false });
    void get().refreshFiles();
    if (r.ok) {
      set({ lastUpload: r.value });
      return { kind: 'uploaded', uploaded: r.value };
    }
    if (!replace && isExists(r.problem)) {
      set({ pendingReplace: { name, file, origin }, uploadProgress: undefined });
      return { kind: 'exists' };
    }
    set({ uploadProblem: r.problem });
    return { kind: 'failed', problem: r.problem };
  },
  async answerReplace(replace) {
    const pending = get().pendingReplace;
    set({ pendingReplace: undefined });
    if (!pending || !replace) return undefined;
    return get().uploadFile(pending.file, pending.name, { replace: true, origin: pending.origin });
  },
  async deleteFile(name) {
    const r = await get().api.deleteModemFile({ name });
    if (!r.ok) set({ filesProblem: r.problem });
    // The verdict of an upload is about a file that is gone now.
    else if (get().lastUpload?.name === name) set({ lastUpload: undefined });
    await get().refreshFiles();
    return r.ok;
  },
  uploadProgressed(p) {
    set({ uploadProgress: p });
  },
});
