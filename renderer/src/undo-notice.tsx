import { RollbackOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api.ts';
import { useDesk } from './desk.tsx';

const UNDO_SECONDS = 12;

/**
 * The one "change done — Undo" notice of every screen. Says what a change did, with an Undo button that
 * takes back exactly that change: it undoes only while the change's batch is still the newest one not
 * undone (otherwise it says so and does nothing). Without a batch (`null`) it only says what was done.
 */
export function useUndoNotice(): (text: string, batchId: number | null) => void {
  const { t } = useTranslation();
  const { notification, message } = App.useApp();
  const desk = useDesk();

  const undo = useCallback(
    async (batchId: number) => {
      try {
        const recent = await call('history.list', { limit: 20 });
        const last = recent.find((change) => !change.undone);
        if (!last || last.batchId !== batchId) {
          void message.warning(t('desk.undoNotLast'));
          return;
        }
      } catch (error) {
        desk.showError(error);
        return;
      }
      // Undoes, says what was undone and reloads the screens (it reports its own errors).
      await desk.undoLast();
    },
    [desk, message, t],
  );

  return useCallback(
    (text: string, batchId: number | null) => {
      if (batchId === null) {
        void message.info(text);
        return;
      }
      const key = `undo-${batchId}`;
      notification.success({
        key,
        title: text,
        placement: 'bottomLeft',
        duration: UNDO_SECONDS,
        actions: (
          <Button
            size="small"
            icon={<RollbackOutlined />}
            onClick={() => {
              notification.destroy(key);
              void undo(batchId);
            }}
          >
            {t('desk.undo')}
          </Button>
        ),
      });
    },
    [message, notification, t, undo],
  );
}

/**
 * The batch of the change just made, for answers that do not name their batch: the newest change not
 * undone, when it is of the kind `actionKey` (otherwise null, and the notice offers no Undo).
 */
export async function latestBatchId(actionKey: string): Promise<number | null> {
  try {
    const recent = await call('history.list', { limit: 5 });
    const last = recent.find((change) => !change.undone);
    return last && last.actionKey === actionKey ? last.batchId : null;
  } catch {
    return null;
  }
}
