import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGES, THEMES, type Settings } from '../../shared/domain/workspace.ts';

const MAX_RECENT = 8;

const storedSchema = z.object({
  language: z.enum(LANGUAGES).catch('zh-CN'),
  theme: z.enum(THEMES).catch('light'),
  recentWorkspaces: z.array(z.string()).catch([]),
  lastWorkspace: z.string().nullable().catch(null),
  windowBounds: z
    .object({ x: z.number().optional(), y: z.number().optional(), width: z.number().min(400), height: z.number().min(300), maximized: z.boolean() })
    .nullable()
    .catch(null),
});

export type StoredSettings = z.infer<typeof storedSchema>;
export type WindowBounds = NonNullable<StoredSettings['windowBounds']>;

const DEFAULTS: StoredSettings = { language: 'zh-CN', theme: 'light', recentWorkspaces: [], lastWorkspace: null, windowBounds: null };

/**
 * App settings in a JSON file in the user-data folder (not in a workspace: they follow the person,
 * not the data). Written atomically; a damaged file falls back to defaults field by field.
 */
export class SettingsStore {
  private readonly file: string;
  private state: StoredSettings;

  constructor(file: string) {
    this.file = file;
    this.state = SettingsStore.read(file);
  }

  private static read(file: string): StoredSettings {
    try {
      return storedSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      return { ...DEFAULTS };
    }
  }

  get all(): StoredSettings {
    return this.state;
  }

  publicSettings(): Settings {
    return { language: this.state.language, theme: this.state.theme, recentWorkspaces: this.state.recentWorkspaces };
  }

  update(patch: Partial<StoredSettings>): void {
    this.state = { ...this.state, ...patch };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.state, null, 2));
    fs.renameSync(temp, this.file);
  }

  rememberWorkspace(workspacePath: string): void {
    const recent = [workspacePath, ...this.state.recentWorkspaces.filter((entry) => entry !== workspacePath)].slice(0, MAX_RECENT);
    this.update({ recentWorkspaces: recent, lastWorkspace: workspacePath });
  }
}
