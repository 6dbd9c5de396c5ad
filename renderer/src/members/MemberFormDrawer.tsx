import { DeleteOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Row, Select, Tag, Typography, theme, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFieldIssues } from '../../../shared/contract/validate.ts';
import { LIFECYCLE_STAGES, MEMBER_GENDERS, type DuplicateMatch, type LifecycleStage, type MemberGender, type MemberProfile, type TagInfo } from '../../../shared/domain/member.ts';
import { memberFormSchema, type MemberForm } from '../../../shared/domain/members/member-form.ts';
import { call } from '../api.ts';
import { applyFieldIssues, errorText, issueText, toAppError } from '../errors.ts';
import { genderLabel, reasonLabel, stageLabel } from './labels.tsx';

type TextField = 'displayName' | 'realName' | 'nickname' | 'phone' | 'wechatId' | 'email' | 'ageBand' | 'city' | 'occupation' | 'interests' | 'source' | 'notes';
const TEXT_FIELDS: readonly TextField[] = ['displayName', 'realName', 'nickname', 'phone', 'wechatId', 'email', 'ageBand', 'city', 'occupation', 'interests', 'source', 'notes'];
const FIELD_NAMES = [...TEXT_FIELDS, 'gender', 'birthYear', 'joinedOn', 'inviterId', 'stage', 'tags', 'customFields'] as const;
const EXACT_REASONS = new Set(['samePhone', 'sameWechat', 'sameEmail']);

interface FormValues extends Record<TextField, string> {
  gender: MemberGender | null;
  birthYear: number | null;
  joinedOn: Dayjs | null;
  inviterId: number | null;
  stage: LifecycleStage | null;
  tags: string[];
  custom: Array<{ name: string; value: string }>;
}

export interface MemberFormTarget {
  profile: MemberProfile | null;
  /** Changes on every opening, so the form starts fresh each time. */
  nonce: number;
}

function toFormValues(profile: MemberProfile | null): FormValues {
  const member = profile?.member;
  const text = (field: TextField): string => {
    const value = member?.[field];
    return typeof value === 'string' ? value : '';
  };
  return {
    displayName: text('displayName'),
    realName: text('realName'),
    nickname: text('nickname'),
    // The phone as it was written (the host keeps it beside the normalised number), so saving keeps it.
    phone: member?.phoneOriginal ?? text('phone'),
    wechatId: text('wechatId'),
    email: text('email'),
    ageBand: text('ageBand'),
    city: text('city'),
    occupation: text('occupation'),
    interests: text('interests'),
    source: text('source'),
    notes: text('notes'),
    gender: member?.gender ?? null,
    birthYear: member?.birthYear ?? null,
    joinedOn: member?.joinedOn ? dayjs(member.joinedOn) : null,
    inviterId: member?.inviterId ?? null,
    stage: member?.stage ?? (profile ? null : 'new'),
    tags: profile?.tags.map((tag) => tag.name) ?? [],
    custom: member ? Object.entries(member.customFields).map(([name, value]) => ({ name, value })) : [],
  };
}

function toRaw(values: Partial<FormValues>): MemberForm {
  const text = (field: TextField) => (values[field] ?? '').trim();
  const custom: Record<string, string> = {};
  for (const entry of values.custom ?? []) {
    const name = entry?.name?.trim() ?? '';
    if (name) custom[name] = entry.value?.trim() ?? '';
  }
  return {
    displayName: text('displayName'),
    realName: text('realName'),
    nickname: text('nickname'),
    phone: text('phone'),
    wechatId: text('wechatId'),
    email: text('email'),
    ageBand: text('ageBand'),
    city: text('city'),
    occupation: text('occupation'),
    interests: text('interests'),
    source: text('source'),
    notes: text('notes'),
    gender: values.gender ?? null,
    birthYear: values.birthYear ?? null,
    joinedOn: values.joinedOn && dayjs.isDayjs(values.joinedOn) ? values.joinedOn.format('YYYY-MM-DD') : '',
    inviterId: values.inviterId ?? null,
    stage: values.stage ?? null,
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    customFields: custom,
  };
}

interface Props {
  target: MemberFormTarget | null;
  tags: TagInfo[];
  onClose(): void;
  onSaved(profile: MemberProfile, created: boolean): void;
}

/** Add a member by hand or edit one: the host normalises like an import, and duplicates are warned about while typing. */
export function MemberFormDrawer({ target, tags, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const editing = target?.profile ?? null;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={editing ? t('directory.form.editTitle', { name: editing.member.displayName }) : t('directory.form.createTitle')}
      styles={{ body: { paddingBottom: 0 } }}
    >
      {target && <MemberEditForm key={target.nonce} profile={editing} tags={tags} onCancel={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

function MemberEditForm({ profile, tags, onCancel, onSaved }: { profile: MemberProfile | null; tags: TagInfo[]; onCancel(): void; onSaved(profile: MemberProfile, created: boolean): void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { token } = theme.useToken();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicateMatch[]>([]);
  const [inviterOptions, setInviterOptions] = useState<Array<{ value: number; label: string }>>(
    profile?.inviter ? [{ value: profile.inviter.id, label: [profile.inviter.displayName, profile.inviter.phone].filter(Boolean).join(' · ') }] : [],
  );
  const phone = Form.useWatch('phone', form);
  const wechatId = Form.useWatch('wechatId', form);
  const email = Form.useWatch('email', form);
  const displayName = Form.useWatch('displayName', form);
  const inviterSearch = useRef(0);
  const selfId = profile?.member.id;

  // Warn about members with the same phone / WeChat ID / e-mail (or the same name and a similar phone) while typing.
  useEffect(() => {
    const values = form.getFieldsValue(true) as Partial<FormValues>;
    const raw = toRaw(values);
    if (!raw.phone && !raw.wechatId && !raw.email) {
      const timer = setTimeout(() => setDuplicates([]), 0);
      return () => clearTimeout(timer);
    }
    let current = true;
    const timer = setTimeout(() => {
      const parsed = memberFormSchema.safeParse(raw);
      if (!parsed.success) return;
      call('members.checkDuplicates', { fields: parsed.data, ...(selfId ? { excludeId: selfId } : {}) }).then(
        (matches) => {
          if (current) setDuplicates(matches);
        },
        () => undefined,
      );
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [form, phone, wechatId, email, displayName, selfId]);

  const searchInviters = (query: string) => {
    const seq = ++inviterSearch.current;
    const search = query.trim();
    if (!search) return;
    call('members.window', { filter: { search }, start: 0, limit: 20 }).then(
      (window) => {
        if (seq !== inviterSearch.current) return;
        setInviterOptions(
          window.rows.filter((row) => row.id !== selfId).map((row) => ({ value: row.id, label: [row.displayName, row.phone ?? row.wechatId].filter(Boolean).join(' · ') })),
        );
      },
      () => undefined,
    );
  };

  const schemaRule = (field: keyof MemberForm): FormRule => ({
    validator: async (_rule, value: unknown) => {
      const raw = toRaw({ [field]: value } as Partial<FormValues>);
      const parsed = memberFormSchema.shape[field].safeParse(raw[field]);
      const issue = parsed.success ? undefined : toFieldIssues(parsed.error)[0];
      if (issue) throw new Error(issueText(t, issue));
    },
  });

  const send = async (fields: MemberForm, allowDuplicates: boolean) => {
    setSaving(true);
    setFailure(null);
    try {
      const options = allowDuplicates ? { allowDuplicates: true } : {};
      const saved = profile ? await call('members.update', { id: profile.member.id, fields, ...options }) : await call('members.create', { fields, ...options });
      onSaved(saved, profile === null);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'CONFLICT' && appError.messageKey === 'directory.errors.duplicateMember') {
        const exact = duplicates.filter((match) => match.reasons.some((reason) => EXACT_REASONS.has(reason)));
        const names = exact.length > 0 ? exact.map((match) => match.member.displayName).join('、') : String(appError.params?.names ?? '');
        confirmDuplicates(fields, t('directory.form.duplicateConfirmBody', { names }));
        return;
      }
      const issues = (appError.issues ?? []).map((issue) => (issue.path.startsWith('customFields') ? { ...issue, path: 'custom' } : issue));
      const unplaced = applyFieldIssues(form, t, issues, [...FIELD_NAMES, 'custom'], 'fields.');
      if (appError.code === 'VALIDATION' && unplaced.length === 0) void message.error(t('errors.validation'));
      else setFailure(errorText(t, { ...appError, issues: unplaced }));
    } finally {
      setSaving(false);
    }
  };

  const confirmDuplicates = (fields: MemberForm, text: string) => {
    modal.confirm({
      title: t('directory.form.duplicateConfirmTitle'),
      icon: <WarningOutlined style={{ color: token.colorWarning }} />,
      content: text,
      okText: t('directory.form.saveAnyway'),
      cancelText: t('directory.form.keepEditing'),
      onOk: () => send(fields, true),
    });
  };

  const save = async (values: FormValues) => {
    const parsed = memberFormSchema.safeParse(toRaw(values));
    if (!parsed.success) {
      applyFieldIssues(form, t, toFieldIssues(parsed.error), FIELD_NAMES);
      return;
    }
    // The host checks the fields first and refuses a duplicate (CONFLICT) only once they are right; then it asks.
    await send(parsed.data, false);
  };

  const text = (field: TextField, extra?: { placeholder?: string; max: number; help?: string; autoFocus?: boolean; required?: boolean }) => (
    <Form.Item
      name={field}
      label={t(`directory.column.${field}`)}
      extra={extra?.help}
      rules={[...(extra?.required ? [{ required: true, whitespace: true, message: t('validation.required') }] : []), schemaRule(field)]}
    >
      <Input placeholder={extra?.placeholder} autoFocus={extra?.autoFocus} maxLength={extra?.max} />
    </Form.Item>
  );

  return (
    <Form<FormValues> name="member" form={form} layout="vertical" initialValues={toFormValues(profile)} onFinish={(values) => void save(values)} requiredMark>
      {duplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('directory.form.duplicateTitle', { count: duplicates.length })}
          description={
            <Flex vertical gap={4}>
              {duplicates.slice(0, 5).map((match) => (
                <span key={match.member.id}>
                  <Typography.Text strong>{match.member.displayName}</Typography.Text>
                  <Typography.Text type="secondary">{` · ${[match.member.phone, match.member.wechatId, match.member.email].filter(Boolean).join(' · ')} `}</Typography.Text>
                  {match.reasons.map((reason) => (
                    <Tag key={reason} color="orange" style={{ marginInlineStart: 4 }}>
                      {reasonLabel(t, reason)}
                    </Tag>
                  ))}
                </span>
              ))}
              <Typography.Text type="secondary">{t('directory.form.duplicateHelp')}</Typography.Text>
            </Flex>
          }
        />
      )}
      <Row gutter={16}>
        <Col span={12}>{text('displayName', { max: 100, autoFocus: true, required: true, placeholder: t('directory.form.placeholder.displayName') })}</Col>
        <Col span={12}>{text('realName', { max: 100 })}</Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>{text('phone', { max: 40, placeholder: t('directory.form.placeholder.phone'), help: t('directory.form.help.phone') })}</Col>
        <Col span={12}>{text('wechatId', { max: 100 })}</Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>{text('email', { max: 254, placeholder: 'name@example.com' })}</Col>
        <Col span={12}>{text('nickname', { max: 100 })}</Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="gender" label={t('directory.column.gender')}>
            <Select allowClear placeholder={t('directory.form.placeholder.choose')} options={MEMBER_GENDERS.map((gender) => ({ value: gender, label: genderLabel(t, gender) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="birthYear" label={t('directory.column.birthYear')} rules={[schemaRule('birthYear')]}>
            <InputNumber style={{ width: '100%' }} min={1900} max={2100} precision={0} placeholder="1990" />
          </Form.Item>
        </Col>
        <Col span={8}>{text('ageBand', { max: 40, placeholder: t('directory.form.placeholder.ageBand') })}</Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>{text('city', { max: 100 })}</Col>
        <Col span={8}>{text('occupation', { max: 100 })}</Col>
        <Col span={8}>{text('source', { max: 100, placeholder: t('directory.form.placeholder.source') })}</Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="joinedOn" label={t('directory.column.joinedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="stage" label={t('directory.column.stage')}>
            <Select allowClear placeholder={t('directory.form.placeholder.choose')} options={LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: stageLabel(t, stage) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="inviterId" label={t('directory.column.inviter')}>
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: searchInviters }}
              placeholder={t('directory.form.placeholder.inviter')}
              options={inviterOptions}
              notFoundContent={t('directory.form.inviterHint')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="tags" label={t('directory.column.tags')}>
        <Select mode="tags" tokenSeparators={[',', '，', '、']} options={tags.map((tag) => ({ value: tag.name, label: tag.name }))} placeholder={t('directory.bulk.placeholder.tags')} />
      </Form.Item>
      {text('interests', { max: 500 })}
      <Form.Item name="notes" label={t('directory.column.notes')} rules={[schemaRule('notes')]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20_000} />
      </Form.Item>
      <Form.Item label={t('directory.profile.customFields')} extra={t('directory.form.help.custom')}>
        <Form.List name="custom">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'name']} style={{ flex: '0 0 38%', marginBottom: 0 }} rules={[{ max: 100, message: t('validation.tooLong', { limit: 100 }) }]}>
                    <Input placeholder={t('directory.form.placeholder.customName')} aria-label={t('directory.form.placeholder.customName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} style={{ flex: 1, marginBottom: 0 }} rules={[{ max: 2000, message: t('validation.tooLong', { limit: 2000 }) }]}>
                    <Input placeholder={t('directory.form.placeholder.customValue')} aria-label={t('directory.form.placeholder.customValue')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('directory.form.removeCustom')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })} style={{ alignSelf: 'flex-start' }}>
                {t('directory.form.addCustom')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Flex
        justify="flex-end"
        gap={8}
        style={{ position: 'sticky', bottom: 0, zIndex: 2, background: token.colorBgElevated, padding: '12px 0 16px', borderTop: `1px solid ${token.colorSplit}` }}
      >
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {profile ? t('directory.form.save') : t('directory.form.create')}
        </Button>
      </Flex>
    </Form>
  );
}
