import { Button, Modal, Table, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { IS_MAC, SECTIONS } from '../commands.ts';

interface Row {
  key: string;
  /** Alternatives, each a chord of keys pressed together. */
  chords: string[][];
  action: string;
}

function Chord({ keys }: { keys: string[] }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 && ' + '}
          <Typography.Text keyboard>{key}</Typography.Text>
        </Fragment>
      ))}
    </span>
  );
}

/** Every keyboard shortcut of the app, opened with ? or F1. */
export function HelpOverlay({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const mod = IS_MAC ? '⌘' : 'Ctrl';
  const rows: Row[] = [
    { key: 'new', chords: [[mod, 'N']], action: t('shortcuts.newGroup') },
    { key: 'search', chords: [[mod, 'F']], action: t('shortcuts.search') },
    { key: 'members-new', chords: [[mod, 'N']], action: t('directory.shortcuts.newMember') },
    { key: 'members-search', chords: [[mod, 'F']], action: t('directory.shortcuts.search') },
    ...SECTIONS.map((section, index) => ({
      key: `section-${section}`,
      // Import members also answers Ctrl+I.
      chords: section === 'import' ? [[mod, String(index + 1)], [mod, 'I']] : [[mod, String(index + 1)]],
      action: t('shortcuts.section', { section: t(`nav.${section}`) }),
    })),
    { key: 'undo', chords: [[mod, 'Z']], action: t('shortcuts.undo') },
    { key: 'help', chords: [['?'], ['F1']], action: t('shortcuts.help') },
    { key: 'close', chords: [['Esc']], action: t('shortcuts.close') },
  ];
  return (
    <Modal
      open={open}
      title={t('shortcuts.title')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
      width={560}
    >
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          {
            key: 'keys',
            title: t('shortcuts.keys'),
            width: 190,
            render: (_, row) =>
              row.chords.map((chord, index) => (
                <Fragment key={chord.join('+')}>
                  {index > 0 && <Typography.Text type="secondary">{` ${t('shortcuts.or')} `}</Typography.Text>}
                  <Chord keys={chord} />
                </Fragment>
              )),
          },
          { key: 'action', title: t('shortcuts.action'), dataIndex: 'action' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('shortcuts.note')}
      </Typography.Paragraph>
    </Modal>
  );
}
