import { App, Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Row, Select, theme, type FormInstance, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFieldIssues } from '../../../shared/contract/validate.ts';
import { GROUP_LIMITS, GROUP_PLATFORMS, groupFieldsSchema, type Group, type GroupFieldsInput, type GroupPlatform } from '../../../shared/domain/group.ts';
import { call } from '../api.ts';
import { applyFieldIssues, errorText, issueText, toAppError } from '../errors.ts';

type FieldName = keyof GroupFieldsInput;
const FIELD_NAMES = ['name', 'platform', 'theme', 'targetMembers', 'coreValue', 'rules', 'owner', 'createdOn', 'capacity'] as const satisfies readonly FieldName[];

interface FormValues {
  name: string;
  platform: GroupPlatform | undefined;
  theme: string;
  targetMembers: string;
  coreValue: string;
  rules: string;
  owner: string;
  createdOn: Dayjs | null;
  capacity: number | null;
}

function toFormValues(group: Group | null): FormValues {
  return {
    name: group?.name ?? '',
    platform: group?.platform ?? 'wechat',
    theme: group?.theme ?? '',
    targetMembers: group?.targetMembers ?? '',
    coreValue: group?.coreValue ?? '',
    rules: group?.rules ?? '',
    owner: group?.owner ?? '',
    createdOn: group?.createdOn ? dayjs(group.createdOn) : null,
    capacity: group?.capacity ?? null,
  };
}

/** The form's value of one field as the contract's schema wants it. */
function toRawField(field: FieldName, value: unknown): unknown {
  if (field === 'createdOn') return dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : null;
  if (field === 'capacity') return value ?? null;
  if (field === 'platform') return value;
  return value ?? '';
}

function toRaw(values: FormValues): Record<FieldName, unknown> {
  return Object.fromEntries(FIELD_NAMES.map((field) => [field, toRawField(field, values[field])])) as Record<FieldName, unknown>;
}

export interface GroupFormTarget {
  group: Group | null;
  /** Changes on every opening, so the form starts fresh each time. */
  nonce: number;
}

interface Props {
  target: GroupFormTarget | null;
  onClose(): void;
  onSaved(group: Group, created: boolean): void;
}

/** Create or edit a group in a side drawer; checks with the contract's own schema as the operator types. */
export function GroupFormDrawer({ target, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const editing = target?.group ?? null;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={600}
      destroyOnHidden
      title={editing ? t('groupForm.editTitle', { name: editing.name }) : t('groupForm.createTitle')}
      styles={{ body: { paddingBottom: 0 } }}
    >
      {target && <GroupForm key={target.nonce} group={editing} onCancel={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

function GroupForm({ group, onCancel, onSaved }: { group: Group | null; onCancel(): void; onSaved(group: Group, created: boolean): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const { token } = theme.useToken();

  /** A per-field rule that runs the same zod schema main uses, so the message matches the server's. */
  const schemaRule = (field: FieldName): FormRule => ({
    validator: async (_rule, value: unknown) => {
      const parsed = groupFieldsSchema.shape[field].safeParse(toRawField(field, value));
      const issue = parsed.success ? undefined : toFieldIssues(parsed.error)[0];
      if (issue) throw new Error(issueText(t, issue));
    },
  });

  const save = async (values: FormValues) => {
    const parsed = groupFieldsSchema.safeParse(toRaw(values));
    if (!parsed.success) {
      applyFieldIssues(form, t, toFieldIssues(parsed.error), FIELD_NAMES);
      return;
    }
    setSaving(true);
    try {
      const saved = group ? await call('groups.update', { id: group.id, fields: parsed.data }) : await call('groups.create', { fields: parsed.data });
      onSaved(saved, group === null);
    } catch (error) {
      const appError = toAppError(error);
      const unplaced = applyFieldIssues(form as FormInstance, t, appError.issues ?? [], FIELD_NAMES, 'fields.');
      void message.error(errorText(t, { ...appError, issues: unplaced }));
    } finally {
      setSaving(false);
    }
  };

  const platformOptions = GROUP_PLATFORMS.map((platform) => ({ value: platform, label: t(`groups.platform.${platform}`) }));

  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={toFormValues(group)} onFinish={(values) => void save(values)} requiredMark>
      <Form.Item name="name" label={t('groupForm.field.name')} required rules={[schemaRule('name')]}>
        <Input autoFocus maxLength={GROUP_LIMITS.name} placeholder={t('groupForm.placeholder.name')} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="platform" label={t('groupForm.field.platform')} required rules={[schemaRule('platform')]}>
            <Select options={platformOptions} placeholder={t('groupForm.placeholder.platform')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="owner" label={t('groupForm.field.owner')} rules={[schemaRule('owner')]}>
            <Input placeholder={t('groupForm.placeholder.owner')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="theme" label={t('groupForm.field.theme')} extra={t('groupForm.help.theme')} rules={[schemaRule('theme')]}>
        <Input placeholder={t('groupForm.placeholder.theme')} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="targetMembers" label={t('groupForm.field.targetMembers')} rules={[schemaRule('targetMembers')]}>
            <Input placeholder={t('groupForm.placeholder.targetMembers')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="coreValue" label={t('groupForm.field.coreValue')} rules={[schemaRule('coreValue')]}>
            <Input placeholder={t('groupForm.placeholder.coreValue')} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="createdOn" label={t('groupForm.field.createdOn')} rules={[schemaRule('createdOn')]}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder={t('groupForm.placeholder.createdOn')}
              // Enter confirms the typed date; it must not also submit the whole form.
              onKeyDown={(event) => {
                if (event.key === 'Enter') event.preventDefault();
              }}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="capacity" label={t('groupForm.field.capacity')} extra={t('groupForm.help.capacity')} rules={[schemaRule('capacity')]}>
            <InputNumber style={{ width: '100%' }} placeholder={t('groupForm.placeholder.capacity')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="rules" label={t('groupForm.field.rules')} rules={[schemaRule('rules')]}>
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} showCount maxLength={GROUP_LIMITS.longText} placeholder={t('groupForm.placeholder.rules')} />
      </Form.Item>
      <Flex justify="end" gap={8} style={{ position: 'sticky', bottom: 0, padding: '12px 0 16px', background: token.colorBgElevated }}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {group ? t('groupForm.saveChanges') : t('groupForm.create')}
        </Button>
      </Flex>
    </Form>
  );
}
