// What the staff areas share on screen: a failed call shown in the interface language, and a
// file main prepared handed over (browser mode: downloaded; Electron: already saved where chosen).
import { useTranslation } from 'react-i18next';
import { ApiError, download } from '../api';
import { errorMessage } from '../errors';
import type { ReplyOf } from '../../../main/contract';

type Delivered = Extract<ReplyOf<'hr:bundle-export'>, { cancelled: false }>['file'];

export async function receive(file: Delivered): Promise<string> {
  if ('downloadId' in file) await download(file.downloadId, file.fileName);
  return 'savedTo' in file ? file.savedTo : file.fileName;
}

export function Problem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === undefined) return null;
  const reason = error instanceof ApiError && error.code === 'invalid-file' && error.reason ? t(`hr.bundleErrors.${error.reason}`, { defaultValue: errorMessage(error) }) : errorMessage(error);
  return <p role="alert" className="error">{t('errors.generic', { message: reason })}</p>;
}
