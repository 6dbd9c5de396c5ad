import { DeleteOutlined, DownloadOutlined, ExperimentOutlined, ImportOutlined, MoreOutlined, PlusOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Dropdown, Empty, Flex, Input, Segmented, Space, Tooltip, Typography, theme, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/domain/group.ts';
import type { MemberFilter, MemberListRow, MemberProfile, MemberSort, MemberSortField, MemberTarget, Segment, TagInfo } from '../../../shared/domain/member.ts';
import { call } from '../api.ts';
import { IS_MAC, SECTIONS, type Section } from '../commands.ts';
import { useDesk } from '../desk.tsx';
import { errorText } from '../errors.ts';
import { formatNumber } from '../format.ts';
import { BulkBar } from './BulkBar.tsx';
import { DuplicatesView } from './DuplicatesView.tsx';
import { cleanFilter, FilterBar, isEmptyFilter, type FilterOptions } from './FilterBar.tsx';
import { useJobRunner } from '../job-progress.tsx';
import { MemberFormDrawer, type MemberFormTarget } from './MemberFormDrawer.tsx';
import { MemberProfileDrawer } from './MemberProfileDrawer.tsx';
import { MemberTable, MemberTableStyles, type SelectionState } from './MemberTable.tsx';
import { latestBatchId, useUndoNotice } from '../undo-notice.tsx';
import { SegmentBar } from './SegmentBar.tsx';
import { useSectionCommand } from './useSectionCommand.ts';
import { useDirectory } from './useDirectory.ts';

/** Quick search waits this long after the last key press. */
const SEARCH_DEBOUNCE_MS = 150;
/** A shift-click range larger than this asks the operator to use "select all matching" instead. */
const MAX_RANGE = 20_000;

type Selection = { all: false; ids: ReadonlySet<number> } | { all: true };
const NO_SELECTION: Selection = { all: false, ids: new Set() };

/** A filter as a string that does not depend on key order. */
function filterKey(filter: MemberFilter): string {
  const clean = cleanFilter(filter) as Record<string, unknown>;
  return JSON.stringify(Object.keys(clean).sort().map((key) => [key, clean[key]]));
}

/** The member directory: quick search, filters, segments, a virtual table over every member, bulk actions, profiles, duplicates, export. */
export function MembersPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message, modal, notification } = App.useApp();
  const desk = useDesk();
  const language = desk.settings.language;
  const announce = useUndoNotice();
  const job = useJobRunner(language);

  const [view, setView] = useState<'directory' | 'duplicates'>('directory');
  const [filter, setFilter] = useState<MemberFilter>({});
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<MemberSort | undefined>(undefined);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const anchor = useRef<number | null>(null);
  const [activeSegmentId, setActiveSegmentId] = useState<number | null>(null);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [groups, setGroups] = useState<Group[]>([]);
  const [tags, setTags] = useState<TagInfo[]>([]);
  const [choices, setChoices] = useState<Pick<FilterOptions, 'cities' | 'sources'>>({ cities: [], sources: [] });
  const [counts, setCounts] = useState<{ all: number; sample: number } | null>(null);
  const [duplicateCount, setDuplicateCount] = useState<number | null>(null);
  const [profileId, setProfileId] = useState<number | null>(null);
  const [backStack, setBackStack] = useState<Array<{ id: number; name: string }>>([]);
  const [profileReload, setProfileReload] = useState(0);
  const [formTarget, setFormTarget] = useState<MemberFormTarget | null>(null);
  const searchRef = useRef<InputRef>(null);

  const effective = useMemo(() => cleanFilter({ ...filter, search }), [filter, search]);
  const cache = useDirectory(effective, sort, desk.dataVersion);
  const viewKey = JSON.stringify([effective, sort ?? null]);

  // Everything around the table: groups, tags, cities and sources for the filters, segments with counts, totals.
  useEffect(() => {
    let current = true;
    const load = async () => {
      const [groupList, tagList, options, segmentList, all, sample] = await Promise.all([
        call('groups.list', { includeArchived: true }),
        call('tags.list', {}),
        call('members.filterOptions', {}),
        call('segments.list', {}),
        call('members.window', { filter: {}, start: 0, limit: 0 }),
        call('members.window', { filter: { sample: true }, start: 0, limit: 0 }),
      ]);
      if (!current) return;
      setGroups(groupList);
      setTags(tagList);
      setChoices(options);
      setSegments(segmentList);
      setCounts({ all: all.total, sample: sample.total });
    };
    load().catch((error: unknown) => {
      if (current) desk.showError(error);
    });
    return () => {
      current = false;
    };
    // desk.showError is stable for a language; reload on data changes only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [desk.dataVersion]);

  // Debounced quick search: the table follows the typing 150 ms after the last key.
  useEffect(() => {
    const next = searchText.trim();
    if (next === search) return;
    const timer = setTimeout(() => {
      setSearch(next);
      setSelection((current) => (current.all ? NO_SELECTION : current));
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText, search]);

  useSectionCommand('members', 'search', () => {
    setView('directory');
    searchRef.current?.focus({ cursor: 'all' });
  });
  useSectionCommand('members', 'newGroup', () => {
    if (formTarget === null) setFormTarget({ profile: null, nonce: Date.now() });
  });

  const changeFilter = (next: MemberFilter) => {
    setFilter(cleanFilter({ ...next, search: undefined }));
    setSelection((current) => (current.all ? NO_SELECTION : current));
    anchor.current = null;
  };

  const applySegment = (segment: Segment | null) => {
    setActiveSegmentId(segment?.id ?? null);
    const next = segment?.filter ?? {};
    changeFilter(next);
    setSearchText(next.search ?? '');
    setSearch(next.search?.trim() ?? '');
  };

  const activeSegment = segments.find((segment) => segment.id === activeSegmentId) ?? null;
  const modified = activeSegment !== null && filterKey(activeSegment.filter) !== filterKey(effective);

  const onSort = (field: MemberSortField) => {
    setSort((current) => {
      if (!current || current.field !== field) return { field, direction: 'asc' };
      if (current.direction === 'asc') return { field, direction: 'desc' };
      return undefined;
    });
  };

  const total = cache.total ?? 0;
  const selectedCount = selection.all ? total : selection.ids.size;
  const selectionState: SelectionState = selection.all ? 'all' : selection.ids.size > 0 ? 'some' : 'none';
  const target: MemberTarget = selection.all ? { filter: effective } : { ids: [...selection.ids] };

  const toggleRow = useCallback(
    (index: number, row: MemberListRow, shiftKey: boolean) => {
      if (selection.all) return;
      const from = anchor.current;
      if (shiftKey && from !== null && from !== index) {
        const first = Math.min(from, index);
        const last = Math.max(from, index);
        if (last - first + 1 > MAX_RANGE) {
          void notification.warning({ title: t('directory.selection.rangeTooLarge', { count: formatNumber(MAX_RANGE, language) }), placement: 'bottomLeft' });
          return;
        }
        // Like a mail client: shift-click selects every row from the last one clicked to this one.
        cache.idsInRange(first, last).then(
          (ids) =>
            setSelection((current) => {
              if (current.all) return current;
              const next = new Set(current.ids);
              for (const id of ids) next.add(id);
              return { all: false, ids: next };
            }),
          (error: unknown) => desk.showError(error),
        );
        anchor.current = index;
        return;
      }
      anchor.current = index;
      setSelection((current) => {
        if (current.all) return current;
        const next = new Set(current.ids);
        if (next.has(row.id)) next.delete(row.id);
        else next.add(row.id);
        return { all: false, ids: next };
      });
    },
    [cache, desk, language, notification, selection, t],
  );

  const toggleAll = () => {
    anchor.current = null;
    setSelection((current) => (current.all || current.ids.size > 0 ? NO_SELECTION : { all: true }));
  };

  const openMember = (id: number, from: { id: number; name: string } | null) => {
    if (from) setBackStack((stack) => [...stack, from]);
    setProfileId(id);
  };

  const onSaved = async (profile: MemberProfile, created: boolean) => {
    setFormTarget(null);
    desk.refresh();
    setProfileReload((value) => value + 1);
    if (created) {
      setBackStack([]);
      setProfileId(profile.member.id);
    }
    const actionKey = created ? 'directory.history.memberCreate' : 'directory.history.memberUpdate';
    announce(t(created ? 'directory.form.created' : 'directory.form.updated', { name: profile.member.displayName }), await latestBatchId(actionKey));
  };

  const exportView = async () => {
    try {
      const outcome = await job.run('export', t('directory.export.title'), (jobId) => call('members.export', { jobId, filter: effective, ...(sort ? { sort } : {}) }));
      if (outcome.status === 'cancelled') {
        void message.info(t('directory.export.cancelled'));
        return;
      }
      // null: the operator closed the save dialog without choosing a file.
      const result = outcome.value;
      if (!result) return;
      notification.success({
        title: t('directory.export.done', { count: formatNumber(result.rows, language) }),
        description: result.path,
        placement: 'bottomLeft',
        duration: 8,
      });
    } catch (error) {
      desk.showError(error);
    }
  };

  const loadSample = async () => {
    try {
      const outcome = await job.run('sample', t('directory.sample.loading'), (jobId) => call('sample.load', { jobId }));
      if (outcome.status === 'cancelled') {
        void message.info(t('directory.sample.cancelled'));
        return;
      }
      const result = outcome.value;
      desk.refresh();
      announce(
        t('directory.sample.loaded', { members: formatNumber(result.members, language), groups: formatNumber(result.groups, language) }),
        await latestBatchId('directory.history.sampleLoad'),
      );
    } catch (error) {
      desk.showError(error);
    }
  };

  const removeSample = () => {
    modal.confirm({
      title: t('directory.sample.removeTitle'),
      content: t('directory.sample.removeBody', { count: formatNumber(counts?.sample ?? 0, language) }),
      okText: t('directory.sample.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const result = await call('sample.remove', {});
          setSelection(NO_SELECTION);
          desk.refresh();
          announce(t('directory.sample.removed', { members: formatNumber(result.members, language) }), await latestBatchId('directory.history.sampleRemove'));
        } catch (error) {
          desk.showError(error);
        }
      },
    });
  };

  const importSection = (SECTIONS as readonly string[]).includes('import') ? ('import' as Section) : null;
  const goImport = importSection ? () => desk.goTo(importSection) : undefined;
  const searchHint = `${IS_MAC ? '⌘' : 'Ctrl+'}F`;
  const workspaceEmpty = counts !== null && counts.all === 0;

  const drawers = (
    <>
      <MemberProfileDrawer
        memberId={profileId}
        groups={groups}
        language={language}
        reloadKey={profileReload}
        onClose={() => {
          setProfileId(null);
          setBackStack([]);
        }}
        onEdit={(profile) => setFormTarget({ profile, nonce: Date.now() })}
        onOpenMember={openMember}
        backTo={backStack[backStack.length - 1] ?? null}
        onBack={() => {
          const previous = backStack[backStack.length - 1];
          if (!previous) return;
          setBackStack((stack) => stack.slice(0, -1));
          setProfileId(previous.id);
        }}
      />
      <MemberFormDrawer target={formTarget} tags={tags} onClose={() => setFormTarget(null)} onSaved={(profile, created) => void onSaved(profile, created)} />
      {job.element}
    </>
  );

  if (workspaceEmpty) {
    return (
      <>
        <Flex vertical align="center" justify="center" style={{ minHeight: 'calc(100vh - 200px)' }}>
          <Empty
            image={<UserOutlined style={{ fontSize: 72, color: token.colorPrimary, opacity: 0.75 }} />}
            styles={{ image: { height: 88 } }}
            description={
              <Flex vertical gap={4} style={{ maxWidth: 520 }}>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('directory.empty.title')}
                </Typography.Title>
                <Typography.Text type="secondary">{t('directory.empty.description')}</Typography.Text>
              </Flex>
            }
          >
            <Flex gap={12} justify="center" wrap>
              {goImport && (
                <Button type="primary" size="large" icon={<ImportOutlined />} onClick={goImport}>
                  {t('directory.empty.import')}
                </Button>
              )}
              <Button size="large" icon={<PlusOutlined />} onClick={() => setFormTarget({ profile: null, nonce: Date.now() })} type={goImport ? 'default' : 'primary'}>
                {t('directory.addMember')}
              </Button>
              <Button size="large" icon={<ExperimentOutlined />} onClick={() => void loadSample()}>
                {t('directory.sample.load')}
              </Button>
            </Flex>
            <Typography.Paragraph type="secondary" style={{ margin: '16px auto 0', fontSize: 13, maxWidth: 520 }}>
              {t('directory.empty.sampleHint')}
            </Typography.Paragraph>
          </Empty>
        </Flex>
        {drawers}
      </>
    );
  }

  const filtered = !isEmptyFilter(effective);
  const countText =
    cache.total === null || !cache.counted
      ? ''
      : filtered
        ? t('directory.countFiltered', { count: formatNumber(cache.total, language), all: formatNumber(counts?.all ?? cache.total, language) })
        : t('directory.count', { count: formatNumber(cache.total, language) });

  return (
    <Flex vertical gap={12} style={{ height: 'calc(100vh - 112px)', minHeight: 480 }}>
      <MemberTableStyles />
      <Flex align="center" justify="space-between" wrap gap={12}>
        <Flex align="center" gap={16} style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0, whiteSpace: 'nowrap' }}>
            {t('directory.title')}
          </Typography.Title>
          <Segmented<'directory' | 'duplicates'>
            value={view}
            onChange={(next) => setView(next)}
            options={[
              { value: 'directory', label: t('directory.view.directory') },
              {
                value: 'duplicates',
                label: (
                  <Space size={6}>
                    {t('directory.view.duplicates')}
                    {duplicateCount !== null && duplicateCount > 0 && <Badge count={duplicateCount} overflowCount={999} size="small" color={token.colorWarning} />}
                  </Space>
                ),
              },
            ]}
          />
        </Flex>
        <Flex align="center" gap={8}>
          {view === 'directory' && (
            <Input
              ref={searchRef}
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('directory.searchPlaceholder', { shortcut: searchHint })}
              title={t('directory.searchHelp')}
              aria-label={t('directory.search')}
              value={searchText}
              onChange={(event) => setSearchText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && searchText) {
                  event.stopPropagation();
                  setSearchText('');
                }
              }}
              style={{ width: language === 'en' ? 330 : 290 }}
            />
          )}
          <Tooltip title={t('directory.export.hint')}>
            <Button icon={<DownloadOutlined />} onClick={() => void exportView()} disabled={job.busy || total === 0}>
              {t('directory.export.button')}
            </Button>
          </Tooltip>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ profile: null, nonce: Date.now() })}>
            {t('directory.addMember')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                ...(goImport ? [{ key: 'import', icon: <ImportOutlined />, label: t('directory.empty.import') }] : []),
                counts && counts.sample > 0
                  ? { key: 'removeSample', icon: <DeleteOutlined />, label: t('directory.sample.remove'), danger: true }
                  : { key: 'loadSample', icon: <ExperimentOutlined />, label: t('directory.sample.load') },
              ],
              onClick: ({ key }) => {
                if (key === 'import') goImport?.();
                if (key === 'loadSample') void loadSample();
                if (key === 'removeSample') removeSample();
              },
            }}
          >
            <Button icon={<MoreOutlined />} aria-label={t('directory.more')} />
          </Dropdown>
        </Flex>
      </Flex>

      {view === 'duplicates' ? (
        <DuplicatesView language={language} onOpenMember={(id) => openMember(id, null)} onCount={setDuplicateCount} />
      ) : (
        <>
          {counts !== null && counts.sample > 0 && (
            <Alert
              type="info"
              showIcon
              icon={<ExperimentOutlined />}
              title={t('directory.sample.banner', { count: formatNumber(counts.sample, language) })}
              action={
                <Button size="small" onClick={removeSample}>
                  {t('directory.sample.remove')}
                </Button>
              }
              style={{ paddingBlock: 6 }}
            />
          )}
          <SegmentBar
            segments={segments}
            activeId={activeSegmentId}
            filter={effective}
            modified={modified}
            allCount={counts?.all ?? null}
            language={language}
            onApply={applySegment}
            onSaved={(segment) => {
              setActiveSegmentId(segment.id);
              setSegments((list) => (list.some((item) => item.id === segment.id) ? list.map((item) => (item.id === segment.id ? segment : item)) : [...list, segment]));
            }}
          />
          <FilterBar
            filter={filter}
            options={{ groups, tags, cities: choices.cities, sources: choices.sources }}
            language={language}
            onChange={(next) => {
              changeFilter(next);
            }}
            summary={
              <Typography.Text type="secondary" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
                {countText}
              </Typography.Text>
            }
          />
          {selectionState !== 'none' && (
            <BulkBar
              count={selectedCount}
              allMatching={selection.all}
              total={total}
              target={target}
              groups={groups}
              tags={tags}
              language={language}
              onSelectAllMatching={() => setSelection({ all: true })}
              onClear={() => setSelection(NO_SELECTION)}
              onDone={(deleted) => {
                if (deleted) setSelection(NO_SELECTION);
              }}
            />
          )}
          {cache.error !== null && cache.error !== undefined && <Alert type="error" showIcon title={errorText(t, cache.error)} />}
          <MemberTable
            cache={cache}
            language={language}
            sort={sort}
            onSort={onSort}
            viewKey={viewKey}
            isSelected={(id) => !selection.all && selection.ids.has(id)}
            selectionState={selectionState}
            allMatching={selection.all}
            onToggleRow={toggleRow}
            onToggleAll={toggleAll}
            onOpen={(row) => {
              setBackStack([]);
              setProfileId(row.id);
            }}
            activeId={profileId}
            empty={
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={search ? t('directory.noMatchSearch', { search }) : filtered ? t('directory.noMatch') : t('directory.empty.title')}
              >
                <Button
                  onClick={() => {
                    setActiveSegmentId(null);
                    changeFilter({});
                    setSearchText('');
                    setSearch('');
                  }}
                >
                  {t('directory.clearAll')}
                </Button>
              </Empty>
            }
          />
        </>
      )}
      {drawers}
    </Flex>
  );
}
