import { t } from '../../i18n';
import type { Workbench } from '../index';

export const connectionSelectors = {
  isOpen: (s: Workbench) => s.port.state === 'open',
  isBusy: (s: Workbench) => s.port.state === 'opening',
  portLabel: (s: Workbench) => (s.port.state === 'open' ? (s.port.virtual ? t('status.virtualEc20') : (s.port.path ?? '')) : t('status.noPort')),
};
