import { DeleteOutlined, EditOutlined, FilterOutlined, MoreOutlined, SaveOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Flex, Form, Input, Modal, Radio, Typography, theme, type FormInstance, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberFilter, Segment } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { errorText, toAppError } from '../errors.ts';
import { formatNumber } from '../format.ts';
import { isEmptyFilter } from './FilterBar.tsx';
import { latestBatchId, useUndoNotice } from '../undo-notice.tsx';

interface Props {
  segments: Segment[];
  activeId: number | null;
  /** The filter on screen now (with the quick search). */
  filter: MemberFilter;
  /** Whether the filter on screen differs from the active segment's. */
  modified: boolean;
  allCount: number | null;
  language: Language;
  onApply(segment: Segment | null): void;
  onSaved(segment: Segment): void;
}

type Dialog = { kind: 'save' } | { kind: 'rename'; segment: Segment } | null;

/** Saved segments (分群) with live counts: apply with a click, save the current filter, rename, update, delete. */
export function SegmentBar({ segments, activeId, filter, modified, allCount, language, onApply, onSaved }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const desk = useDesk();
  const { modal } = App.useApp();
  const announce = useUndoNotice();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<DialogValues>();
  const active = segments.find((segment) => segment.id === activeId) ?? null;

  /** Opens the save or rename dialog with its values already in place (the operator may type at once). */
  const openDialog = (next: Exclude<Dialog, null>) => {
    const canUpdate = next.kind === 'save' && active !== null && modified;
    form.resetFields();
    form.setFieldsValue({ name: next.kind === 'rename' ? next.segment.name : canUpdate && active ? active.name : '', mode: canUpdate ? 'update' : 'new' });
    setDialog(next);
  };
  const count = (value: number) => formatNumber(value, language);

  const update = async (segment: Segment) => {
    try {
      const saved = await call('segments.save', { id: segment.id, name: segment.name, filter });
      onSaved(saved);
      desk.refresh();
      announce(t('directory.segment.updated', { name: saved.name }), await latestBatchId('directory.history.segmentUpdate'));
    } catch (error) {
      desk.showError(error);
    }
  };

  const remove = (segment: Segment) => {
    modal.confirm({
      title: t('directory.segment.deleteTitle', { name: segment.name }),
      content: t('directory.segment.deleteBody'),
      okText: t('directory.segment.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await call('segments.delete', { id: segment.id });
          if (segment.id === activeId) onApply(null);
          desk.refresh();
          announce(t('directory.segment.deleted', { name: segment.name }), await latestBatchId('directory.history.segmentDelete'));
        } catch (error) {
          desk.showError(error);
        }
      },
    });
  };

  const chip = (key: string, label: string, value: number | null, selected: boolean, onClick: () => void, title?: string) => (
    <Button
      key={key}
      size="small"
      color={selected ? 'primary' : 'default'}
      variant={selected ? 'filled' : 'text'}
      onClick={onClick}
      aria-pressed={selected}
      title={title}
      style={{ flex: 'none', fontWeight: selected ? 600 : undefined }}
    >
      <span style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }}>{label}</span>
      {value !== null && <span style={{ color: selected ? undefined : token.colorTextTertiary, fontWeight: 400 }}>{count(value)}</span>}
    </Button>
  );

  return (
    <Flex align="center" gap={6} style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ flex: 'none' }}>
        <FilterOutlined /> {t('directory.segment.label')}
      </Typography.Text>
      <Flex gap={4} align="center" style={{ overflowX: 'auto', minWidth: 0, paddingBlock: 2 }} role="toolbar" aria-label={t('directory.segment.list')}>
        {chip('all', t('directory.segment.all'), allCount, activeId === null && isEmptyFilter(filter), () => onApply(null))}
        {segments.map((segment) =>
          chip(
            String(segment.id),
            segment.name,
            segment.count,
            segment.id === activeId,
            () => onApply(segment),
            t('directory.segment.applyHint', { name: segment.name }),
          ),
        )}
        {segments.length === 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none', paddingInline: 4 }}>
            {t('directory.segment.none')}
          </Typography.Text>
        )}
      </Flex>
      {active && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'update', icon: <SyncOutlined />, label: t('directory.segment.update'), disabled: !modified },
              { key: 'rename', icon: <EditOutlined />, label: t('directory.segment.rename') },
              { type: 'divider' },
              { key: 'delete', icon: <DeleteOutlined />, label: t('directory.segment.delete'), danger: true },
            ],
            onClick: ({ key }) => {
              if (key === 'update') void update(active);
              if (key === 'rename') openDialog({ kind: 'rename', segment: active });
              if (key === 'delete') remove(active);
            },
          }}
        >
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('directory.segment.actions', { name: active.name })} />
        </Dropdown>
      )}
      <Button
        size="small"
        icon={<SaveOutlined />}
        disabled={isEmptyFilter(filter) || (active !== null && !modified)}
        onClick={() => openDialog({ kind: 'save' })}
        style={{ flex: 'none', marginInlineStart: 'auto' }}
      >
        {t('directory.segment.save')}
      </Button>
      <SegmentDialog
        form={form}
        dialog={dialog}
        active={active}
        modified={modified}
        filter={filter}
        onClose={() => setDialog(null)}
        onSaved={async (segment, created) => {
          setDialog(null);
          onSaved(segment);
          desk.refresh();
          const actionKey = created ? 'directory.history.segmentCreate' : 'directory.history.segmentUpdate';
          announce(t(created ? 'directory.segment.created' : 'directory.segment.updated', { name: segment.name }), await latestBatchId(actionKey));
        }}
      />
    </Flex>
  );
}

interface DialogProps {
  form: FormInstance<DialogValues>;
  dialog: Dialog;
  active: Segment | null;
  modified: boolean;
  filter: MemberFilter;
  onClose(): void;
  onSaved(segment: Segment, created: boolean): void;
}

interface DialogValues {
  name: string;
  mode: 'new' | 'update';
}

function SegmentDialog({ form, dialog, active, modified, filter, onClose, onSaved }: DialogProps) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const nameRef = useRef<InputRef>(null);
  const renaming = dialog?.kind === 'rename' ? dialog.segment : null;
  const canUpdate = dialog?.kind === 'save' && active !== null && modified;

  const submit = async (values: DialogValues) => {
    setSaving(true);
    setFailure(null);
    try {
      const name = values.name.trim();
      if (renaming) {
        onSaved(await call('segments.save', { id: renaming.id, name, filter: renaming.filter }), false);
      } else if (canUpdate && values.mode === 'update' && active) {
        onSaved(await call('segments.save', { id: active.id, name, filter }), false);
      } else {
        onSaved(await call('segments.save', { name, filter }), true);
      }
    } catch (error) {
      const appError = toAppError(error);
      if (appError.messageKey === 'directory.errors.segmentNameTaken') form.setFields([{ name: 'name', errors: [errorText(t, appError)] }]);
      else setFailure(errorText(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={dialog !== null}
      title={renaming ? t('directory.segment.renameTitle', { name: renaming.name }) : t('directory.segment.saveTitle')}
      okText={renaming ? t('directory.segment.renameOk') : t('directory.segment.saveOk')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      afterOpenChange={(open) => {
        if (!open) return;
        setFailure(null);
        nameRef.current?.focus({ cursor: 'all' });
      }}
    >
      <Form<DialogValues> name="segment" form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        {!renaming && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {t('directory.segment.saveHelp')}
          </Typography.Paragraph>
        )}
        {canUpdate && active && (
          <Form.Item name="mode">
            <Radio.Group
              onChange={(event) => form.setFieldValue('name', event.target.value === 'update' ? active.name : '')}
              options={[
                { value: 'update', label: t('directory.segment.modeUpdate', { name: active.name }) },
                { value: 'new', label: t('directory.segment.modeNew') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('directory.segment.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.tooLong', { limit: 100 }) },
          ]}
        >
          <Input ref={nameRef} placeholder={t('directory.segment.namePlaceholder')} maxLength={100} />
        </Form.Item>
        {failure && <Typography.Text type="danger">{failure}</Typography.Text>}
      </Form>
    </Modal>
  );
}
