import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, List, Modal, Select, Skeleton, Space, Table, Tag, Typography, theme, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/domain/group.ts';
import { MEMBERSHIP_ROLES, type MemberProfile, type MemberRef, type MembershipInfo, type MembershipRole } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { call, newJobId } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { applyFieldIssues, errorText, toAppError } from '../errors.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { Dash, genderLabel, roleLabel, SampleTag, StageTag } from './labels.tsx';
import { latestBatchId, useUndoNotice } from '../undo-notice.tsx';

interface Props {
  memberId: number | null;
  groups: Group[];
  language: Language;
  onClose(): void;
  onEdit(profile: MemberProfile): void;
  /** Shows another member (an inviter, an invitee) in the drawer; the previous one is one Back away. */
  onOpenMember(id: number, from: { id: number; name: string } | null): void;
  /** The member shown before, for the Back button. */
  backTo: { id: number; name: string } | null;
  onBack(): void;
  /** Bumped by the page after an edit, so the drawer shows the saved values. */
  reloadKey: number;
}

function value(text: string | number | null | undefined): ReactNode {
  if (text === null || text === undefined || text === '') return <Dash />;
  return String(text);
}

/** A member named in a list: a link that opens them. */
function MemberLink({ member, onOpen }: { member: MemberRef; onOpen(id: number): void }) {
  const contact = member.phone ?? member.wechatId ?? member.email;
  return (
    <span>
      <Typography.Link onClick={() => onOpen(member.id)}>{member.displayName}</Typography.Link>
      {contact && <Typography.Text type="secondary">{` · ${contact}`}</Typography.Text>}
    </span>
  );
}

/** Everything known about one member: fields, memberships, tags, notes, custom fields, referrals, imports, merges. */
export function MemberProfileDrawer({ memberId, groups, language, onClose, onEdit, onOpenMember, backTo, onBack, reloadKey }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { modal } = App.useApp();
  const desk = useDesk();
  const announce = useUndoNotice();
  const [profile, setProfile] = useState<MemberProfile | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [membership, setMembership] = useState<MembershipInfo | 'new' | null>(null);
  const [membershipForm] = Form.useForm<MembershipValues>();

  /** Opens the membership dialog with its values in place, so typing can start at once. */
  const editMembership = (target: MembershipInfo | 'new') => {
    const editing = target === 'new' ? null : target;
    membershipForm.resetFields();
    membershipForm.setFieldsValue({
      groupId: editing?.groupId,
      role: editing?.role ?? 'member',
      groupNickname: editing?.groupNickname ?? '',
      joinedOn: editing?.joinedOn ? dayjs(editing.joinedOn) : editing ? null : dayjs(),
      leftOn: editing?.leftOn ? dayjs(editing.leftOn) : null,
    });
    setMembership(target);
  };

  useEffect(() => {
    if (memberId === null) return;
    let current = true;
    call('members.profile', { id: memberId }).then(
      (next) => {
        if (!current) return;
        setProfile(next);
        setLoadError(null);
      },
      (error: unknown) => {
        if (!current) return;
        setProfile(null);
        setLoadError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [memberId, reloadKey, desk.dataVersion]);

  const shown = profile && profile.member.id === memberId ? profile : null;
  const member = shown?.member ?? null;
  const open = (id: number) => onOpenMember(id, member ? { id: member.id, name: member.displayName } : null);

  const remove = () => {
    if (!member) return;
    modal.confirm({
      title: t('directory.profile.deleteTitle', { name: member.displayName }),
      content: t('directory.profile.deleteBody'),
      okText: t('directory.profile.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const result = await call('members.bulk', { jobId: newJobId('delete'), target: { ids: [member.id] }, action: { kind: 'delete' } });
          onClose();
          desk.refresh();
          announce(t('directory.profile.deleted', { name: member.displayName }), result.changeBatchId);
        } catch (error) {
          desk.showError(error);
        }
      },
    });
  };

  const customEntries = member ? Object.entries(member.customFields) : [];
  const customLabel = (key: string) => {
    const merged = /^merged\.(phone|wechatId|email)$/.exec(key);
    return merged ? t(`directory.mergedField.${merged[1] as 'phone' | 'wechatId' | 'email'}`) : key;
  };

  return (
    <Drawer
      open={memberId !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={
        <Flex align="center" gap={8}>
          {backTo && (
            <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={onBack} title={t('directory.profile.backTo', { name: backTo.name })} aria-label={t('directory.profile.backTo', { name: backTo.name })} />
          )}
          <span>{member ? member.displayName : t('directory.profile.title')}</span>
          {member?.isSample && <SampleTag />}
        </Flex>
      }
      extra={
        member && (
          <Space>
            <Button icon={<DeleteOutlined />} danger onClick={remove}>
              {t('directory.profile.delete')}
            </Button>
            <Button type="primary" icon={<EditOutlined />} onClick={() => shown && onEdit(shown)}>
              {t('directory.profile.edit')}
            </Button>
          </Space>
        )
      }
    >
      {loadError !== null && <Alert type="error" showIcon title={errorText(t, loadError)} />}
      {!shown && loadError === null && <Skeleton active paragraph={{ rows: 10 }} />}
      {shown && member && (
        <Flex vertical gap={24}>
          <Flex align="center" gap={16}>
            <Avatar size={56} style={{ background: token.colorPrimary, fontSize: 24, flex: 'none' }}>
              {member.displayName.slice(0, 1)}
            </Avatar>
            <Flex vertical gap={4} style={{ minWidth: 0 }}>
              <Flex align="center" gap={8} wrap>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {member.displayName}
                </Typography.Title>
                <StageTag stage={member.stage} />
              </Flex>
              <Typography.Text type="secondary">
                {[member.phone, member.wechatId && t('directory.profile.wechatShort', { id: member.wechatId }), member.email, member.city].filter(Boolean).join(' · ') ||
                  t('directory.profile.noContact')}
              </Typography.Text>
              {shown.tags.length > 0 && (
                <Flex gap={4} wrap>
                  {shown.tags.map((tag) => (
                    <Tag key={tag.id} color={tag.color ?? undefined} style={{ marginInlineEnd: 0 }}>
                      {tag.name}
                    </Tag>
                  ))}
                </Flex>
              )}
            </Flex>
          </Flex>

          <Descriptions
            size="small"
            bordered
            column={2}
            styles={{ label: { width: language === 'en' ? 130 : 100, whiteSpace: 'nowrap' } }}
            items={[
              { key: 'realName', label: t('directory.column.realName'), children: value(member.realName) },
              { key: 'nickname', label: t('directory.column.nickname'), children: value(member.nickname) },
              {
                key: 'phone',
                label: t('directory.column.phone'),
                children:
                  member.phone && member.phoneOriginal && member.phoneOriginal !== member.phone ? (
                    <span title={t('directory.profile.phoneOriginal', { original: member.phoneOriginal })}>
                      {member.phone} <Typography.Text type="secondary">({member.phoneOriginal})</Typography.Text>
                    </span>
                  ) : (
                    value(member.phone)
                  ),
              },
              { key: 'wechatId', label: t('directory.column.wechatId'), children: value(member.wechatId) },
              { key: 'email', label: t('directory.column.email'), children: value(member.email), span: 2 },
              { key: 'gender', label: t('directory.column.gender'), children: member.gender ? genderLabel(t, member.gender) : <Dash /> },
              {
                key: 'birth',
                label: t('directory.profile.birth'),
                children: member.birthYear ? String(member.birthYear) : value(member.ageBand),
              },
              { key: 'city', label: t('directory.column.city'), children: value(member.city) },
              { key: 'occupation', label: t('directory.column.occupation'), children: value(member.occupation) },
              { key: 'source', label: t('directory.column.source'), children: value(member.source) },
              { key: 'joinedOn', label: t('directory.column.joinedOn'), children: value(member.joinedOn) },
              { key: 'interests', label: t('directory.column.interests'), children: value(member.interests), span: 2 },
              {
                key: 'aliases',
                label: t('directory.profile.aliases'),
                children: member.aliases.length > 0 ? member.aliases.join('、') : <Dash />,
                span: 2,
              },
              { key: 'createdAt', label: t('directory.column.createdAt'), children: formatDateTime(member.createdAt) },
              { key: 'updatedAt', label: t('directory.column.updatedAt'), children: formatDateTime(member.updatedAt) },
            ]}
          />

          <section aria-label={t('directory.profile.memberships')}>
            <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('directory.profile.memberships')}
              </Typography.Title>
              <Button size="small" icon={<PlusOutlined />} onClick={() => editMembership('new')}>
                {t('directory.profile.addMembership')}
              </Button>
            </Flex>
            <Table<MembershipInfo>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={shown.memberships}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('directory.profile.noMemberships')} /> }}
              columns={[
                { key: 'group', title: t('directory.membership.group'), dataIndex: 'groupName', ellipsis: true },
                { key: 'role', title: t('directory.membership.role'), width: language === 'en' ? 100 : 80, render: (_, row) => roleLabel(t, row.role) },
                { key: 'nickname', title: t('directory.membership.nickname'), ellipsis: true, render: (_, row) => value(row.groupNickname) },
                { key: 'joinedOn', title: t('directory.membership.joinedOn'), width: 110, render: (_, row) => value(row.joinedOn) },
                {
                  key: 'leftOn',
                  title: t('directory.membership.leftOn'),
                  width: 110,
                  render: (_, row) => (row.leftOn ? <Tag style={{ marginInlineEnd: 0 }}>{row.leftOn}</Tag> : <Dash />),
                },
                {
                  key: 'edit',
                  title: '',
                  width: language === 'en' ? 60 : 56,
                  render: (_, row) => (
                    <Button type="link" size="small" onClick={() => editMembership(row)} aria-label={t('directory.membership.editOf', { group: row.groupName })}>
                      {t('directory.membership.edit')}
                    </Button>
                  ),
                },
              ]}
            />
          </section>

          <section aria-label={t('directory.profile.referrals')}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('directory.profile.referrals')}
            </Typography.Title>
            <Descriptions
              size="small"
              column={1}
              styles={{ label: { width: language === 'en' ? 140 : 130, whiteSpace: 'nowrap' } }}
              items={[
                {
                  key: 'inviter',
                  label: t('directory.column.inviter'),
                  children: shown.inviter ? <MemberLink member={shown.inviter} onOpen={open} /> : <Dash />,
                },
                {
                  key: 'invitees',
                  label: t('directory.profile.invitees', { count: formatNumber(shown.inviteeCount, language) }),
                  children:
                    shown.invitees.length === 0 ? (
                      <Dash />
                    ) : (
                      <Flex wrap gap={12}>
                        {shown.invitees.map((invitee) => (
                          <MemberLink key={invitee.id} member={invitee} onOpen={open} />
                        ))}
                        {shown.inviteeCount > shown.invitees.length && (
                          <Typography.Text type="secondary">{t('directory.profile.moreInvitees', { count: shown.inviteeCount - shown.invitees.length })}</Typography.Text>
                        )}
                      </Flex>
                    ),
                },
              ]}
            />
          </section>

          <section aria-label={t('directory.column.notes')}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('directory.column.notes')}
            </Typography.Title>
            {member.notes ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{member.notes}</Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">{t('directory.profile.noNotes')}</Typography.Text>
            )}
          </section>

          <section aria-label={t('directory.profile.customFields')}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('directory.profile.customFields')}
            </Typography.Title>
            {customEntries.length === 0 ? (
              <Typography.Text type="secondary">{t('directory.profile.noCustomFields')}</Typography.Text>
            ) : (
              <Descriptions
                size="small"
                bordered
                column={1}
                styles={{ label: { width: 200 } }}
                items={customEntries.map(([key, text]) => ({ key, label: customLabel(key), children: text }))}
              />
            )}
          </section>

          <section aria-label={t('directory.profile.history')}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('directory.profile.history')}
            </Typography.Title>
            {shown.imports.length === 0 && shown.mergedFrom.length === 0 ? (
              <Typography.Text type="secondary">{member.isSample ? t('directory.profile.fromSample') : t('directory.profile.addedByHand')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={[
                  ...shown.imports.map((entry) => ({
                    key: `import-${entry.importId}`,
                    at: entry.at,
                    text: t(entry.effect === 'created' ? 'directory.profile.importCreated' : 'directory.profile.importUpdated', { file: entry.fileName }),
                    undone: entry.undone,
                  })),
                  ...shown.mergedFrom.map((merge) => ({
                    key: `merge-${merge.id}`,
                    at: merge.at,
                    text: t('directory.profile.mergedFrom', { name: merge.displayName }),
                    undone: false,
                  })),
                ].sort((a, b) => b.at.localeCompare(a.at))}
                renderItem={(item) => (
                  <List.Item key={item.key} extra={<Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text>}>
                    <span>
                      {item.text} {item.undone && <Tag>{t('directory.profile.importUndone')}</Tag>}
                    </span>
                  </List.Item>
                )}
              />
            )}
          </section>
        </Flex>
      )}
      {shown && (
        <MembershipDialog
          form={membershipForm}
          profile={shown}
          target={membership}
          groups={groups}
          onClose={() => setMembership(null)}
          onSaved={async (next, groupName) => {
            setMembership(null);
            setProfile(next);
            desk.refresh();
            announce(t('directory.membership.saved', { name: next.member.displayName, group: groupName }), await latestBatchId('directory.history.membershipSave'));
          }}
        />
      )}
    </Drawer>
  );
}

interface MembershipValues {
  groupId: number | undefined;
  role: MembershipRole;
  groupNickname: string;
  joinedOn: Dayjs | null;
  leftOn: Dayjs | null;
}

const MEMBERSHIP_FIELDS = ['groupId', 'role', 'groupNickname', 'joinedOn', 'leftOn'] as const;

function MembershipDialog({
  form,
  profile,
  target,
  groups,
  onClose,
  onSaved,
}: {
  form: FormInstance<MembershipValues>;
  profile: MemberProfile;
  target: MembershipInfo | 'new' | null;
  groups: Group[];
  onClose(): void;
  onSaved(profile: MemberProfile, groupName: string): void;
}) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const editing = target !== null && target !== 'new' ? target : null;
  const taken = new Set(profile.memberships.map((row) => row.groupId));
  const choices = groups.filter((group) => group.status === 'active' && !taken.has(group.id));

  const submit = async (values: MembershipValues) => {
    const groupId = editing?.groupId ?? values.groupId;
    if (groupId === undefined) return;
    setSaving(true);
    setFailure(null);
    try {
      const next = await call('members.saveMembership', {
        memberId: profile.member.id,
        groupId,
        role: values.role,
        groupNickname: values.groupNickname.trim(),
        joinedOn: values.joinedOn ? values.joinedOn.format('YYYY-MM-DD') : null,
        leftOn: values.leftOn ? values.leftOn.format('YYYY-MM-DD') : null,
      });
      onSaved(next, editing?.groupName ?? groups.find((group) => group.id === groupId)?.name ?? '');
    } catch (error) {
      const appError = toAppError(error);
      const unplaced = applyFieldIssues(form, t, appError.issues ?? [], MEMBERSHIP_FIELDS);
      setFailure(errorText(t, { ...appError, issues: unplaced }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('directory.membership.editTitle', { group: editing.groupName }) : t('directory.membership.addTitle', { name: profile.member.displayName })}
      okText={t('directory.membership.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      afterOpenChange={(visible) => {
        if (visible) setFailure(null);
      }}
    >
      <Form<MembershipValues> name="membership" form={form} layout="vertical" onFinish={(values) => void submit(values)} style={{ marginTop: 12 }}>
        {!editing && (
          <Form.Item name="groupId" label={t('directory.membership.group')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('directory.bulk.placeholder.group')}
              options={choices.map((group) => ({ value: group.id, label: group.name }))}
              notFoundContent={t('directory.filter.noGroups')}
            />
          </Form.Item>
        )}
        <Flex gap={16}>
          <Form.Item name="role" label={t('directory.membership.role')} style={{ flex: 1 }}>
            <Select options={MEMBERSHIP_ROLES.map((role) => ({ value: role, label: roleLabel(t, role) }))} />
          </Form.Item>
          <Form.Item name="groupNickname" label={t('directory.membership.nickname')} style={{ flex: 1 }} rules={[{ max: 100, message: t('validation.tooLong', { limit: 100 }) }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Flex gap={16}>
          <Form.Item name="joinedOn" label={t('directory.membership.joinedOn')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="leftOn" label={t('directory.membership.leftOn')} style={{ flex: 1 }} extra={t('directory.membership.leftHelp')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        {failure && <Alert type="error" showIcon title={failure} />}
      </Form>
    </Modal>
  );
}
