export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface WorkspaceInfo {
  path: string;
  /** File name without folder, shown in the title bar and the switcher. */
  name: string;
  schemaVersion: number;
  isDefault: boolean;
  counts: Record<string, number>;
}

export interface BackupEntry {
  path: string;
  fileName: string;
  /** Why it was taken: "manual", "daily", "before-migration", "before-restore". */
  reason: string;
  createdAt: string;
  sizeBytes: number;
}

export interface Settings {
  language: Language;
  theme: Theme;
  recentWorkspaces: string[];
}

export interface ChangeSummary {
  batchId: number;
  /** i18n key describing the change, e.g. "history.action.groups.create". */
  actionKey: string;
  params: Record<string, string | number>;
  at: string;
  undone: boolean;
}
