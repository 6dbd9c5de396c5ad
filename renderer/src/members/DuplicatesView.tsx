import { CheckCircleOutlined, MergeCellsOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Modal, Pagination, Radio, Skeleton, Table, Tag, Typography, theme } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicatePair, MemberProfile, MemberRef } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { call } from '../api.ts';
import { useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { Dash, genderLabel, reasonLabel, SampleTag, stageLabel } from './labels.tsx';
import { latestBatchId, useUndoNotice } from '../undo-notice.tsx';

const PAGE_SIZE = 20;

interface Props {
  language: Language;
  onOpenMember(id: number): void;
  /** Called with the number of pairs whenever the list loads, for the tab's badge. */
  onCount(total: number): void;
}

/** Likely duplicates side by side with the reason; merge (keeping the chosen record) or mark as different people. */
export function DuplicatesView({ language, onOpenMember, onCount }: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const desk = useDesk();
  const announce = useUndoNotice();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; pairs: DuplicatePair[] } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [merging, setMerging] = useState<DuplicatePair | null>(null);

  useEffect(() => {
    let current = true;
    call('members.duplicates', { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (next) => {
        if (!current) return;
        if (next.pairs.length === 0 && next.total > 0 && page > 1) {
          setPage(Math.max(1, Math.ceil(next.total / PAGE_SIZE)));
          return;
        }
        setData(next);
        setLoadError(null);
        onCount(next.total);
      },
      (error: unknown) => {
        if (current) setLoadError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [page, desk.dataVersion, onCount]);

  const dismiss = async (pair: DuplicatePair) => {
    try {
      const result = await call('members.dismissDuplicate', { firstId: pair.a.id, secondId: pair.b.id });
      desk.refresh();
      announce(t('directory.duplicates.dismissed', { a: pair.a.displayName, b: pair.b.displayName }), result.changeBatchId);
    } catch (error) {
      desk.showError(error);
    }
  };

  const person = (member: MemberRef) => (
    <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
      <Typography.Link strong onClick={() => onOpenMember(member.id)} ellipsis>
        {member.displayName}
      </Typography.Link>
      {[
        [t('directory.column.phone'), member.phone],
        [t('directory.column.wechatId'), member.wechatId],
        [t('directory.column.email'), member.email],
      ].map(([label, text]) => (
        <Typography.Text key={label} type={text ? undefined : 'secondary'} ellipsis style={{ fontSize: 13 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('directory.duplicates.fieldLabel', { label })}
          </Typography.Text>
          {text || '—'}
        </Typography.Text>
      ))}
    </Flex>
  );

  if (loadError !== null) return <Alert type="error" showIcon title={errorText(t, loadError)} />;
  if (data === null) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (data.total === 0) {
    return (
      <Flex vertical align="center" justify="center" style={{ flex: 1, minHeight: 320 }}>
        <Empty
          image={<CheckCircleOutlined style={{ fontSize: 56, color: token.colorSuccess }} />}
          styles={{ image: { height: 64 } }}
          description={
            <Flex vertical gap={4}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('directory.duplicates.noneTitle')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('directory.duplicates.noneBody')}</Typography.Text>
            </Flex>
          }
        />
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12} style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <Typography.Text type="secondary">{t('directory.duplicates.intro', { count: formatNumber(data.total, language) })}</Typography.Text>
      {data.pairs.map((pair) => (
        <Card key={`${pair.a.id}-${pair.b.id}`} size="small" styles={{ body: { padding: 12 } }} role="group" aria-label={t('directory.duplicates.pairLabel', { a: pair.a.displayName, b: pair.b.displayName })}>
          <Flex align="center" gap={16}>
            {person(pair.a)}
            <SwapOutlined style={{ color: token.colorTextTertiary, flex: 'none' }} aria-hidden />
            {person(pair.b)}
            <Flex vertical gap={6} align="flex-end" style={{ flex: 'none', width: language === 'en' ? 330 : 290 }}>
              <Flex gap={4} wrap justify="flex-end">
                {pair.reasons.map((reason) => (
                  <Tag key={reason} color="orange" style={{ marginInlineEnd: 0 }}>
                    {reasonLabel(t, reason)}
                  </Tag>
                ))}
              </Flex>
              <Flex gap={8}>
                <Button size="small" icon={<StopOutlined />} onClick={() => void dismiss(pair)}>
                  {t('directory.duplicates.notDuplicate')}
                </Button>
                <Button size="small" type="primary" icon={<MergeCellsOutlined />} onClick={() => setMerging(pair)}>
                  {t('directory.duplicates.merge')}
                </Button>
              </Flex>
            </Flex>
          </Flex>
        </Card>
      ))}
      {data.total > PAGE_SIZE && (
        <Pagination align="center" current={page} pageSize={PAGE_SIZE} total={data.total} showSizeChanger={false} onChange={setPage} />
      )}
      <MergeDialog
        pair={merging}
        language={language}
        onClose={() => setMerging(null)}
        onMerged={async (kept, merged) => {
          setMerging(null);
          desk.refresh();
          const same = merged.displayName === kept.member.displayName;
          const names = same
            ? { merged: `${merged.displayName} #${merged.id}`, kept: `${kept.member.displayName} #${kept.member.id}` }
            : { merged: merged.displayName, kept: kept.member.displayName };
          announce(t('directory.duplicates.merged', names), await latestBatchId('directory.history.merge'));
        }}
      />
    </Flex>
  );
}

interface CompareRow {
  key: string;
  label: string;
  a: ReactNode;
  b: ReactNode;
}

/** The two names for "merge X into Y"; the same name twice gets the record numbers to tell them apart. */
function mergeNames(kept: MemberProfile, merged: MemberProfile): { kept: string; merged: string } {
  if (kept.member.displayName !== merged.member.displayName) return { kept: kept.member.displayName, merged: merged.member.displayName };
  return { kept: `${kept.member.displayName} #${kept.member.id}`, merged: `${merged.member.displayName} #${merged.member.id}` };
}

/** Both records side by side; the operator picks the one to keep, the other is merged into it. */
function MergeDialog({ pair, language, onClose, onMerged }: { pair: DuplicatePair | null; language: Language; onClose(): void; onMerged(kept: MemberProfile, merged: MemberRef): void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [profiles, setProfiles] = useState<[MemberProfile, MemberProfile] | null>(null);
  const [keep, setKeep] = useState<'a' | 'b'>('a');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    if (!pair) return;
    let current = true;
    Promise.all([call('members.profile', { id: pair.a.id }), call('members.profile', { id: pair.b.id })]).then(
      ([a, b]) => {
        if (!current) return;
        setProfiles([a, b]);
        // Keep the fuller record by default; on a tie, the older one.
        const score = (profile: MemberProfile) =>
          Object.values(profile.member).filter((value) => value !== null && value !== '').length + profile.memberships.length + profile.tags.length;
        setKeep(score(b) > score(a) || (score(b) === score(a) && b.member.createdAt < a.member.createdAt) ? 'b' : 'a');
        setFailure(null);
      },
      (error: unknown) => {
        if (current) setFailure(error);
      },
    );
    return () => {
      current = false;
    };
  }, [pair]);

  const shown = profiles && pair && profiles[0].member.id === pair.a.id && profiles[1].member.id === pair.b.id ? profiles : null;
  const kept = shown ? (keep === 'a' ? shown[0] : shown[1]) : null;
  const other = shown ? (keep === 'a' ? shown[1] : shown[0]) : null;

  const merge = async () => {
    if (!kept || !other) return;
    setSaving(true);
    try {
      const result = await call('members.merge', { keepId: kept.member.id, mergeId: other.member.id });
      onMerged({ ...kept, member: result.member }, { id: other.member.id, displayName: other.member.displayName, phone: other.member.phone, wechatId: other.member.wechatId, email: other.member.email });
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  const cell = (text: string | number | null | undefined) => (text === null || text === undefined || text === '' ? <Dash /> : String(text));
  const rows: CompareRow[] = shown
    ? [
        { key: 'displayName', label: t('directory.column.displayName'), a: <Flex gap={6} align="center">{shown[0].member.displayName}{shown[0].member.isSample && <SampleTag />}</Flex>, b: <Flex gap={6} align="center">{shown[1].member.displayName}{shown[1].member.isSample && <SampleTag />}</Flex> },
        ...(['realName', 'nickname', 'phone', 'wechatId', 'email', 'city', 'occupation', 'source', 'joinedOn'] as const).map((field) => ({
          key: field,
          label: t(`directory.column.${field}`),
          a: cell(shown[0].member[field]),
          b: cell(shown[1].member[field]),
        })),
        { key: 'gender', label: t('directory.column.gender'), a: shown[0].member.gender ? genderLabel(t, shown[0].member.gender) : <Dash />, b: shown[1].member.gender ? genderLabel(t, shown[1].member.gender) : <Dash /> },
        { key: 'stage', label: t('directory.column.stage'), a: shown[0].member.stage ? stageLabel(t, shown[0].member.stage) : <Dash />, b: shown[1].member.stage ? stageLabel(t, shown[1].member.stage) : <Dash /> },
        { key: 'tags', label: t('directory.column.tags'), a: cell(shown[0].tags.map((tag) => tag.name).join('、')), b: cell(shown[1].tags.map((tag) => tag.name).join('、')) },
        {
          key: 'groups',
          label: t('directory.column.groups'),
          a: cell(shown[0].memberships.map((row) => row.groupName).join('、')),
          b: cell(shown[1].memberships.map((row) => row.groupName).join('、')),
        },
        { key: 'invitees', label: t('directory.duplicates.inviteeCount'), a: formatNumber(shown[0].inviteeCount, language), b: formatNumber(shown[1].inviteeCount, language) },
        { key: 'createdAt', label: t('directory.column.createdAt'), a: formatDateTime(shown[0].member.createdAt), b: formatDateTime(shown[1].member.createdAt) },
      ]
    : [];

  const header = (side: 'a' | 'b', profile: MemberProfile | undefined) => (
    <Radio checked={keep === side} onChange={() => setKeep(side)}>
      {t('directory.duplicates.keepThis')}
      {profile && <Typography.Text type="secondary">{` · #${profile.member.id}`}</Typography.Text>}
    </Radio>
  );

  return (
    <Modal
      open={pair !== null}
      width={820}
      title={t('directory.duplicates.mergeTitle')}
      okText={kept && other ? t('directory.duplicates.mergeOk', mergeNames(kept, other)) : t('directory.duplicates.merge')}
      okButtonProps={{ disabled: !shown, danger: false }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void merge()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          setProfiles(null);
          setFailure(null);
        }
      }}
    >
      {failure !== null && <Alert type="error" showIcon title={errorText(t, failure)} style={{ marginBottom: 12 }} />}
      {!shown && failure === null && <Skeleton active paragraph={{ rows: 8 }} />}
      {shown && (
        <Flex vertical gap={12}>
          <Alert type="info" showIcon title={kept && other ? t('directory.duplicates.mergeExplain', mergeNames(kept, other)) : ''} />
          <Table<CompareRow>
            scroll={{ y: 'calc(100vh - 420px)' }}
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            bordered
            columns={[
              {
                key: 'label',
                title: '',
                dataIndex: 'label',
                width: language === 'en' ? 130 : 116,
                render: (text: string) => (
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {text}
                  </Typography.Text>
                ),
              },
              {
                key: 'a',
                title: header('a', shown[0]),
                dataIndex: 'a',
                onCell: () => ({ style: keep === 'a' ? { background: token.colorSuccessBg } : {} }),
              },
              {
                key: 'b',
                title: header('b', shown[1]),
                dataIndex: 'b',
                onCell: () => ({ style: keep === 'b' ? { background: token.colorSuccessBg } : {} }),
              },
            ]}
          />
        </Flex>
      )}
    </Modal>
  );
}
