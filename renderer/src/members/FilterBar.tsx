import { ClearOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Select, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/domain/group.ts';
import { LIFECYCLE_STAGES, MEMBER_GENDERS, type MemberFilter, type TagInfo } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { formatNumber } from '../format.ts';
import { genderLabel, stageLabel } from './labels.tsx';

export interface FilterOptions {
  groups: Group[];
  tags: TagInfo[];
  cities: Array<{ value: string; count: number }>;
  sources: Array<{ value: string; count: number }>;
}

const CONTACT_KEYS = ['hasPhone', 'noPhone', 'hasWechat', 'noWechat', 'hasEmail', 'noEmail'] as const;
type ContactKey = (typeof CONTACT_KEYS)[number];
const CONTACT_FIELDS = { Phone: 'hasPhone', Wechat: 'hasWechat', Email: 'hasEmail' } as const;

function contactValues(filter: MemberFilter): ContactKey[] {
  const values: ContactKey[] = [];
  for (const [suffix, field] of Object.entries(CONTACT_FIELDS)) {
    const value = filter[field];
    if (value === true) values.push(`has${suffix}` as ContactKey);
    if (value === false) values.push(`no${suffix}` as ContactKey);
  }
  return values;
}

/** Applies the contact choices; choosing "no phone" after "has phone" keeps only the newer one. */
function withContact(filter: MemberFilter, previous: ContactKey[], next: ContactKey[]): MemberFilter {
  const result: MemberFilter = { ...filter, hasPhone: undefined, hasWechat: undefined, hasEmail: undefined };
  const added = next.filter((key) => !previous.includes(key));
  for (const [suffix, field] of Object.entries(CONTACT_FIELDS)) {
    const has = next.includes(`has${suffix}` as ContactKey);
    const no = next.includes(`no${suffix}` as ContactKey);
    if (has && no) result[field] = added.includes(`has${suffix}` as ContactKey);
    else if (has) result[field] = true;
    else if (no) result[field] = false;
  }
  return result;
}

/** The filter without empty parts, so that equal filters compare equal and segments stay tidy. */
export function cleanFilter(filter: MemberFilter): MemberFilter {
  const result: MemberFilter = {};
  for (const [key, value] of Object.entries(filter) as Array<[keyof MemberFilter, MemberFilter[keyof MemberFilter]]>) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'tagMode' && (value === 'any' || (filter.tagIds?.length ?? 0) < 2)) continue;
    if (key === 'search' && typeof value === 'string' && value.trim() === '') continue;
    (result as Record<string, unknown>)[key] = key === 'search' && typeof value === 'string' ? value.trim() : value;
  }
  return result;
}

export function isEmptyFilter(filter: MemberFilter): boolean {
  return Object.keys(cleanFilter(filter)).length === 0;
}

interface Props {
  filter: MemberFilter;
  options: FilterOptions;
  language: Language;
  onChange(filter: MemberFilter): void;
  /** Shown at the end of the bar (how many members the filters find). */
  summary?: ReactNode;
}

/** Filters (everything but the quick search) by group, tag, gender, city, joined range, source, stage and contact details; all combine with AND. */
export function FilterBar({ filter, options, language, onChange, summary }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<MemberFilter>) => onChange(cleanFilter({ ...filter, ...patch }));
  const count = (value: number) => formatNumber(value, language);
  const common = { allowClear: true, maxTagCount: 'responsive' as const, showSearch: { optionFilterProp: 'search' }, size: 'middle' as const };
  const contact = contactValues(filter);
  const hasFilter = !isEmptyFilter(filter);

  return (
    <Flex gap={8} wrap align="center" role="search" aria-label={t('directory.filter.label')}>
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.group')}
        placeholder={t('directory.filter.group')}
        style={{ width: 170 }}
        value={filter.groupIds ?? []}
        onChange={(groupIds: number[]) => set({ groupIds })}
        options={options.groups.map((group) => ({
          value: group.id,
          label: group.status === 'archived' ? t('directory.filter.archivedGroup', { name: group.name }) : group.name,
          search: group.name,
        }))}
        notFoundContent={t('directory.filter.noGroups')}
      />
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.tag')}
        placeholder={t('directory.filter.tag')}
        style={{ width: 170 }}
        value={filter.tagIds ?? []}
        onChange={(tagIds: number[]) => set({ tagIds })}
        options={options.tags.map((tag) => ({ value: tag.id, label: tag.name, search: tag.name, title: `${tag.name} (${count(tag.memberCount)})` }))}
        optionRender={(option) => (
          <Flex justify="space-between" gap={8}>
            <span>{option.label}</span>
            <span style={{ opacity: 0.5 }}>{count(options.tags.find((tag) => tag.id === option.value)?.memberCount ?? 0)}</span>
          </Flex>
        )}
        notFoundContent={t('directory.filter.noTags')}
      />
      {(filter.tagIds?.length ?? 0) >= 2 && (
        <Select
          aria-label={t('directory.filter.tagMode')}
          style={{ width: language === 'en' ? 130 : 110 }}
          value={filter.tagMode ?? 'any'}
          onChange={(tagMode: 'any' | 'all') => set({ tagMode })}
          options={[
            { value: 'any', label: t('directory.filter.tagAny') },
            { value: 'all', label: t('directory.filter.tagAll') },
          ]}
        />
      )}
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.gender')}
        placeholder={t('directory.filter.gender')}
        style={{ width: 110 }}
        value={filter.genders ?? []}
        onChange={(genders: Array<(typeof MEMBER_GENDERS)[number]>) => set({ genders })}
        options={MEMBER_GENDERS.map((gender) => ({ value: gender, label: genderLabel(t, gender), search: genderLabel(t, gender) }))}
      />
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.city')}
        placeholder={t('directory.filter.city')}
        style={{ width: 140 }}
        value={filter.cities ?? []}
        onChange={(cities: string[]) => set({ cities })}
        options={options.cities.map((city) => ({ value: city.value, label: city.value, search: city.value }))}
        optionRender={(option) => (
          <Flex justify="space-between" gap={8}>
            <span>{option.label}</span>
            <span style={{ opacity: 0.5 }}>{count(options.cities.find((city) => city.value === option.value)?.count ?? 0)}</span>
          </Flex>
        )}
      />
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.source')}
        placeholder={t('directory.filter.source')}
        style={{ width: 140 }}
        value={filter.sources ?? []}
        onChange={(sources: string[]) => set({ sources })}
        options={options.sources.map((source) => ({ value: source.value, label: source.value, search: source.value }))}
        optionRender={(option) => (
          <Flex justify="space-between" gap={8}>
            <span>{option.label}</span>
            <span style={{ opacity: 0.5 }}>{count(options.sources.find((source) => source.value === option.value)?.count ?? 0)}</span>
          </Flex>
        )}
      />
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.stage')}
        placeholder={t('directory.filter.stage')}
        style={{ width: 140 }}
        value={filter.stages ?? []}
        onChange={(stages: Array<(typeof LIFECYCLE_STAGES)[number]>) => set({ stages })}
        options={LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: stageLabel(t, stage), search: stageLabel(t, stage) }))}
      />
      <DatePicker.RangePicker
        aria-label={t('directory.filter.joined')}
        placeholder={[t('directory.filter.joinedFrom'), t('directory.filter.joinedTo')]}
        allowEmpty={[true, true]}
        style={{ width: 250 }}
        value={[filter.joinedFrom ? dayjs(filter.joinedFrom) : null, filter.joinedTo ? dayjs(filter.joinedTo) : null]}
        onChange={(range) =>
          set({
            joinedFrom: range?.[0] ? range[0].format('YYYY-MM-DD') : undefined,
            joinedTo: range?.[1] ? range[1].format('YYYY-MM-DD') : undefined,
          })
        }
      />
      <Select
        {...common}
        mode="multiple"
        aria-label={t('directory.filter.contact')}
        placeholder={t('directory.filter.contact')}
        style={{ width: 150 }}
        value={contact}
        onChange={(next: ContactKey[]) => onChange(cleanFilter(withContact(filter, contact, next)))}
        options={CONTACT_KEYS.map((key) => ({ value: key, label: t(`directory.filter.contactOption.${key}`), search: t(`directory.filter.contactOption.${key}`) }))}
      />
      {hasFilter && (
        <Tooltip title={t('directory.filter.clearHint')}>
          <Button type="link" icon={<ClearOutlined />} onClick={() => onChange({})}>
            {t('directory.filter.clear')}
          </Button>
        </Tooltip>
      )}
      {summary && <span style={{ marginInlineStart: 'auto' }}>{summary}</span>}
    </Flex>
  );
}
