import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DuplicateReason, LifecycleStage, MemberGender, MembershipRole } from '../../../shared/domain/member.ts';

export const STAGE_COLORS: Record<LifecycleStage, string> = {
  new: 'blue',
  potential: 'gold',
  loyal: 'green',
  churned: 'default',
};

export function stageLabel(t: TFunction, stage: LifecycleStage): string {
  return t(`directory.stage.${stage}`);
}

export function genderLabel(t: TFunction, gender: MemberGender): string {
  return t(`directory.gender.${gender}`);
}

export function roleLabel(t: TFunction, role: MembershipRole): string {
  return t(`directory.role.${role}`);
}

export function reasonLabel(t: TFunction, reason: DuplicateReason): string {
  return t(`directory.duplicateReason.${reason}`);
}

export function StageTag({ stage }: { stage: LifecycleStage | null }) {
  const t = useT();
  if (stage === null) return <Dash />;
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }}>
      {stageLabel(t, stage)}
    </Tag>
  );
}

export function SampleTag() {
  const t = useT();
  return (
    <Tag color="purple" variant="outlined" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>
      {t('directory.sample.short')}
    </Tag>
  );
}

/** An empty value, shown quietly. */
export function Dash() {
  return <Typography.Text type="secondary">—</Typography.Text>;
}

function useT(): TFunction {
  return useTranslation().t;
}
