import type { Widen } from '../widen.ts';
import type { core as zhCore } from '../zh-CN/core.ts';

export const core: Widen<typeof zhCore> = {
  errors: {
    validation: 'Some fields need changes; check the ones marked in red.',
    forbiddenKey: 'The request contains a forbidden field name "{{key}}" and was refused.',
    unknownChannel: 'Unknown request type "{{channel}}".',
    internal: 'Something unexpected went wrong: {{detail}}. Nothing was changed; try again, and if it keeps happening, back up now and contact us.',
    hostStopped: 'The background service has stopped. Please reopen the app.',
    workspaceNotFound: 'Workspace file not found: {{path}}. Check the path or create a new workspace.',
    notAWorkspace: '"{{path}}" is not a Community Desk workspace. Choose a .sqlite workspace file.',
    workspaceNewer: 'Workspace "{{path}}" was written by a newer Community Desk (schema {{version}}; this version supports up to {{supported}}). Update the app to open it; the file was not changed.',
    workspaceCorrupt: 'Workspace "{{path}}" is damaged and cannot be opened safely. Restore one of its backups from Backups; the file was not changed.',
    workspaceLocked: 'Workspace "{{path}}" is in use by another program. Close it and try again.',
    cannotOpen: 'Cannot open "{{path}}": no read/write permission, or the disk is unavailable.',
    noWorkspaceOpen: 'No workspace is open.',
    migrationFailed: 'Upgrading the workspace failed ({{migration}}): {{detail}}. The workspace was not changed and a backup was kept.',
    copyOntoItself: 'A copy cannot be saved over the open workspace itself: {{path}}. Choose another file name.',
    folderMissing: 'Folder does not exist: {{path}}.',
    backupNotFound: 'Backup "{{fileName}}" not found.',
    backupCorrupt: 'Backup file "{{path}}" is damaged or not a workspace, so it cannot be restored.',
    groupNotFound: 'Group {{id}} was not found; it may have been deleted.',
    nothingToUndo: 'There is nothing to undo.',
    undoConflict: 'Cannot undo: the restored data would clash with current data (for example a group with the same name). Change that first, then undo.',
    notARecentWorkspace: '"{{path}}" is not one of the recent workspaces.',
    unsafeUrl: 'Only http or https links can be opened: {{url}}',
    jobRunning: 'Job {{jobId}} is already running.',
    cancelled: 'Cancelled; nothing was changed.',
  },
  validation: {
    required: 'Required',
    tooLong: 'At most {{limit}} characters',
    tooLarge: 'At most {{limit}}',
    tooSmall: 'At least {{limit}}',
    positiveInteger: 'Enter a positive whole number',
    date: 'Enter a valid date (year-month-day)',
    platform: 'Choose a platform',
    wrongType: 'Wrong format',
    unknownField: 'Unknown fields: {{keys}}',
    invalid: 'Invalid value',
    groupNameTaken: 'An active group named "{{name}}" already exists; choose another name',
  },
  history: {
    action: {
      groupCreate: 'Created group "{{name}}"',
      groupUpdate: 'Edited group "{{name}}"',
      groupArchive: 'Archived group "{{name}}"',
      groupUnarchive: 'Unarchived group "{{name}}"',
      groupDelete: 'Deleted group "{{name}}"',
      undo: 'Undo',
    },
  },
  jobs: {
    phase: {
      backup: 'Backing up',
    },
  },
};
