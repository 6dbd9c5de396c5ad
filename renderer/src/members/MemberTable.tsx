import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { observeElementOffset, elementScroll, useVirtualizer } from '@tanstack/react-virtual';
import { Checkbox, Tag, Tooltip, Typography, theme } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListRow, MemberSort, MemberSortField } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { Dash, genderLabel, SampleTag, StageTag } from './labels.tsx';
import type { DirectoryCache } from './useDirectory.ts';

export const ROW_HEIGHT = 38;
const HEADER_HEIGHT = 40;
const CHECK_WIDTH = 44;
/**
 * Browsers cap an element's height (Chromium near 33.5 million px). Above this, the scrollbar is
 * drawn over a shorter area and its position maps proportionally onto the rows, so a million members
 * still reach from the first to the last row.
 */
const MAX_SCROLL_PX = 24_000_000;

/** Virtual offset per real scroll pixel: 1 unless the list is taller than MAX_SCROLL_PX. */
function scrollRatio(count: number, viewHeight: number): number {
  const virtualHeight = count * ROW_HEIGHT;
  const realHeight = Math.min(virtualHeight, MAX_SCROLL_PX);
  if (realHeight >= virtualHeight) return 1;
  const body = Math.max(1, viewHeight - HEADER_HEIGHT);
  return (virtualHeight - body) / Math.max(1, realHeight - body);
}

export type ColumnKey = 'displayName' | 'nickname' | 'phone' | 'wechatId' | 'email' | 'gender' | 'city' | 'source' | 'joinedOn' | 'stage' | 'tags' | 'groups';

interface ColumnDef {
  key: ColumnKey;
  width: number;
  sortField?: MemberSortField;
  render(row: MemberListRow): ReactNode;
}

function text(value: string | null): ReactNode {
  if (value === null || value === '') return <Dash />;
  return <span title={value}>{value}</span>;
}

function chips(values: string[], color?: string): ReactNode {
  if (values.length === 0) return <Dash />;
  const shown = values.slice(0, 2);
  const rest = values.length - shown.length;
  return (
    <Tooltip title={values.length > 2 ? values.join('、') : undefined} mouseEnterDelay={0.4}>
      <span style={{ display: 'inline-flex', gap: 4, overflow: 'hidden', maxWidth: '100%' }}>
        {shown.map((value) => (
          <Tag key={value} color={color} style={{ marginInlineEnd: 0, maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {value}
          </Tag>
        ))}
        {rest > 0 && <Typography.Text type="secondary">+{rest}</Typography.Text>}
      </span>
    </Tooltip>
  );
}

function useColumns(language: Language): ColumnDef[] {
  const { t } = useTranslation();
  const en = language === 'en';
  return [
    {
      key: 'displayName',
      width: 170,
      sortField: 'displayName',
      render: (row) => (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, minWidth: 0, maxWidth: '100%' }}>
          <Typography.Text strong ellipsis title={row.realName && row.realName !== row.displayName ? `${row.displayName}（${row.realName}）` : row.displayName}>
            {row.displayName}
          </Typography.Text>
          {row.isSample && <SampleTag />}
        </span>
      ),
    },
    { key: 'nickname', width: 120, sortField: 'nickname', render: (row) => text(row.nickname) },
    { key: 'phone', width: 130, sortField: 'phone', render: (row) => text(row.phone) },
    { key: 'wechatId', width: 140, sortField: 'wechatId', render: (row) => text(row.wechatId) },
    { key: 'email', width: 190, sortField: 'email', render: (row) => text(row.email) },
    { key: 'gender', width: en ? 90 : 70, sortField: 'gender', render: (row) => (row.gender === null ? <Dash /> : genderLabel(t, row.gender)) },
    { key: 'city', width: 90, sortField: 'city', render: (row) => text(row.city) },
    { key: 'source', width: 120, sortField: 'source', render: (row) => text(row.source) },
    { key: 'joinedOn', width: 112, sortField: 'joinedOn', render: (row) => text(row.joinedOn) },
    { key: 'stage', width: en ? 150 : 128, sortField: 'stage', render: (row) => <StageTag stage={row.stage} /> },
    { key: 'tags', width: 210, render: (row) => chips(row.tags) },
    { key: 'groups', width: 230, render: (row) => chips(row.groups, 'geekblue') },
  ];
}

export type SelectionState = 'none' | 'some' | 'all';

interface Props {
  cache: DirectoryCache;
  language: Language;
  sort: MemberSort | undefined;
  onSort(field: MemberSortField): void;
  /** Changes when the filter or sort changes: the table goes back to the top. */
  viewKey: string;
  isSelected(id: number): boolean;
  selectionState: SelectionState;
  /** Every row is selected through "all matching": row checkboxes show checked and cannot be changed one by one. */
  allMatching: boolean;
  onToggleRow(index: number, row: MemberListRow, shiftKey: boolean): void;
  onToggleAll(): void;
  onOpen(row: MemberListRow): void;
  activeId: number | null;
  /** Shown over the body when the filter finds nobody. */
  empty: ReactNode;
}

/**
 * The member directory as a virtual grid: only the visible rows exist in the page, the scrollbar is
 * sized by the total, and rows arrive in windows from the service host (placeholders until then).
 */
export function MemberTable(props: Props) {
  const { cache, language, sort, onSort, viewKey, isSelected, selectionState, allMatching, onToggleRow, onToggleAll, onOpen, activeId, empty } = props;
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const columns = useColumns(language);
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = cache.total ?? 0;
  const realHeight = Math.min(total * ROW_HEIGHT, MAX_SCROLL_PX);

  // The virtualizer's methods change under it; this component reads them fresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    observeElementOffset: (instance, callback) =>
      observeElementOffset(instance, (offset, scrolling) => callback(offset * scrollRatio(instance.options.count, instance.scrollElement?.clientHeight ?? 0), scrolling)),
    scrollToFn: (offset, options, instance) => elementScroll(offset / scrollRatio(instance.options.count, instance.scrollElement?.clientHeight ?? 0), options, instance),
  });
  // The view's inner height (without a horizontal scrollbar), as the offset callbacks use it.
  const ratio = scrollRatio(total, virtualizer.scrollElement?.clientHeight ?? virtualizer.scrollRect?.height ?? 0);

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    cache.want(firstIndex, Math.max(firstIndex, lastIndex));
  }, [cache, firstIndex, lastIndex, total]);

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [viewKey]);

  const virtualOffset = virtualizer.scrollOffset ?? 0;
  /** Where the rows sit in the (shorter) scroll area: whole pixels, the same for every row, so rows stay evenly spaced. */
  const shift = Math.round(virtualOffset / ratio - virtualOffset);
  const contentWidth = CHECK_WIDTH + columns.reduce((sum, column) => sum + column.width, 0);
  const border = `1px solid ${token.colorSplit}`;
  // Opaque, so rows scrolling under the sticky header do not show through it.
  const headerBackground = `linear-gradient(${token.colorFillAlter}, ${token.colorFillAlter}), ${token.colorBgContainer}`;
  const stickyName = (background: string) => ({ position: 'sticky' as const, left: CHECK_WIDTH, zIndex: 1, background });
  const stickyCheck = (background: string) => ({ position: 'sticky' as const, left: 0, zIndex: 1, background });

  return (
    <div
      ref={scrollRef}
      className="desk-member-grid"
      role="grid"
      aria-label={t('directory.table.label')}
      aria-rowcount={total + 1}
      aria-colcount={columns.length + 1}
      aria-busy={cache.loading}
      style={{
        position: 'relative',
        overflow: 'auto',
        flex: 1,
        minHeight: 200,
        border,
        borderRadius: token.borderRadiusLG,
        background: token.colorBgContainer,
        overscrollBehavior: 'contain',
      }}
    >
      <div
        role="row"
        aria-rowindex={1}
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 3,
          display: 'flex',
          minWidth: contentWidth,
          height: HEADER_HEIGHT,
          background: headerBackground,
          borderBottom: border,
          fontWeight: 600,
        }}
      >
        <div role="columnheader" className="desk-grid-cell" style={{ width: CHECK_WIDTH, justifyContent: 'center', ...stickyCheck(headerBackground), zIndex: 4 }}>
          <Checkbox
            aria-label={t('directory.selection.selectAllMatching')}
            checked={selectionState === 'all'}
            indeterminate={selectionState === 'some'}
            disabled={total === 0}
            onChange={onToggleAll}
          />
        </div>
        {columns.map((column, index) => {
          const active = column.sortField !== undefined && sort?.field === column.sortField;
          const direction = active ? sort?.direction : undefined;
          const last = index === columns.length - 1;
          const label = t(`directory.column.${column.key}`);
          const headerStyle = {
            width: column.width,
            flex: last ? '1 0 auto' : undefined,
            ...(index === 0 ? { ...stickyName(headerBackground), zIndex: 4 } : {}),
          };
          if (!column.sortField) {
            return (
              <div key={column.key} role="columnheader" className="desk-grid-cell" style={headerStyle}>
                {label}
              </div>
            );
          }
          const field = column.sortField;
          return (
            <div
              key={column.key}
              role="columnheader"
              aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
              className="desk-grid-cell desk-grid-sortable"
              tabIndex={0}
              title={t('directory.table.sortHint')}
              onClick={() => onSort(field)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSort(field);
                }
              }}
              style={headerStyle}
            >
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{label}</span>
              <span style={{ display: 'inline-flex', flexDirection: 'column', marginInlineStart: 4, fontSize: 10, lineHeight: '8px', flex: 'none' }} aria-hidden>
                <CaretUpOutlined style={{ color: direction === 'asc' ? token.colorPrimary : token.colorTextQuaternary }} />
                <CaretDownOutlined style={{ color: direction === 'desc' ? token.colorPrimary : token.colorTextQuaternary }} />
              </span>
            </div>
          );
        })}
      </div>
      <div role="rowgroup" style={{ position: 'relative', height: realHeight, minWidth: contentWidth }}>
        {items.map((item) => {
          const row = cache.rowAt(item.index);
          const top = item.start - HEADER_HEIGHT + shift;
          const selected = row !== undefined && (allMatching || isSelected(row.id));
          const active = row !== undefined && row.id === activeId;
          const background = selected || active ? token.controlItemBgActive : token.colorBgContainer;
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={selected}
              className={`desk-grid-row${selected ? ' desk-grid-row-selected' : ''}`}
              data-row-index={item.index}
              onClick={(event) => {
                if (!row) return;
                if (event.shiftKey || event.ctrlKey || event.metaKey) {
                  event.preventDefault();
                  if (!allMatching) onToggleRow(item.index, row, event.shiftKey);
                  return;
                }
                onOpen(row);
              }}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                minWidth: contentWidth,
                height: ROW_HEIGHT,
                transform: `translateY(${top}px)`,
                display: 'flex',
                borderBottom: border,
                background,
                cursor: row ? 'pointer' : 'default',
              }}
            >
              <div
                role="gridcell"
                className="desk-grid-cell desk-grid-sticky"
                style={{ width: CHECK_WIDTH, justifyContent: 'center', ...stickyCheck(background) }}
                onClick={(event) => event.stopPropagation()}
              >
                {row && (
                  <Checkbox
                    aria-label={t('directory.selection.selectRow', { name: row.displayName })}
                    checked={selected}
                    disabled={allMatching}
                    onClick={(event) => {
                      event.stopPropagation();
                      onToggleRow(item.index, row, event.shiftKey);
                    }}
                  />
                )}
              </div>
              {columns.map((column, index) => (
                <div
                  key={column.key}
                  role="gridcell"
                  className={index === 0 ? 'desk-grid-cell desk-grid-sticky' : 'desk-grid-cell'}
                  style={{ width: column.width, flex: index === columns.length - 1 ? '1 0 auto' : undefined, ...(index === 0 ? stickyName(background) : {}) }}
                >
                  {row ? column.render(row) : <span className="desk-grid-placeholder" style={{ background: token.colorFillSecondary }} />}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {cache.total === 0 && (
        <div style={{ position: 'absolute', top: HEADER_HEIGHT, left: 0, right: 0, bottom: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', pointerEvents: 'none' }}>
          <div style={{ pointerEvents: 'auto', position: 'sticky', left: 0 }}>{empty}</div>
        </div>
      )}
    </div>
  );
}

/** Styles the grid needs beyond inline ones (hover, focus, placeholders, ellipsis). */
export function MemberTableStyles() {
  const { token } = theme.useToken();
  return (
    <style>{`
      .desk-member-grid .desk-grid-cell { box-sizing: border-box; display: flex; align-items: center; padding: 0 10px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; flex: none; min-width: 0; }
      .desk-member-grid .desk-grid-cell > span[title] { overflow: hidden; text-overflow: ellipsis; }
      .desk-member-grid .desk-grid-sortable { cursor: pointer; user-select: none; }
      .desk-member-grid .desk-grid-sortable:hover { background: linear-gradient(${token.colorFillSecondary}, ${token.colorFillSecondary}), ${token.colorBgContainer} !important; }
      .desk-member-grid .desk-grid-sortable:focus-visible { outline: 2px solid ${token.colorPrimary}; outline-offset: -2px; }
      .desk-member-grid .desk-grid-row:hover { background: ${token.controlItemBgHover} !important; }
      .desk-member-grid .desk-grid-row:hover > .desk-grid-sticky { background: linear-gradient(${token.controlItemBgHover}, ${token.controlItemBgHover}), ${token.colorBgContainer} !important; }
      .desk-member-grid .desk-grid-row-selected:hover, .desk-member-grid .desk-grid-row-selected:hover > .desk-grid-sticky { background: ${token.controlItemBgActiveHover} !important; }
      .desk-member-grid .desk-grid-placeholder { display: block; height: 12px; width: 70%; border-radius: 4px; animation: desk-pulse 1.2s ease-in-out infinite; }
      @keyframes desk-pulse { 0%, 100% { opacity: 0.55; } 50% { opacity: 1; } }
    `}</style>
  );
}
