/**
 * zh-CN is the source language. en.ts must have exactly the same keys (checked by the compiler
 * through the Messages type and by tests/unit/i18n.test.ts). Interpolation uses {{name}}.
 */
export const zhCN = {
  errors: {
    validation: '有内容需要修改，请检查标红的字段。',
    forbiddenKey: '请求中含有不允许的字段名“{{key}}”，已拒绝。',
    unknownChannel: '未知的请求类型“{{channel}}”。',
    internal: '出现了意外错误：{{detail}}。数据没有改动，请重试；若反复出现，请先“立即备份”再联系我们。',
    hostStopped: '后台服务已停止，请重新打开应用。',
    workspaceNotFound: '找不到工作区文件：{{path}}。请检查路径，或新建一个工作区。',
    notAWorkspace: '“{{path}}”不是社群工作台的工作区文件。请选择 .sqlite 工作区文件。',
    workspaceNewer: '工作区“{{path}}”由更新版本的社群工作台创建（结构版本 {{version}}，本版本支持到 {{supported}}）。请升级应用后再打开，文件未做任何改动。',
    workspaceCorrupt: '工作区“{{path}}”已损坏，无法安全打开。请在“备份与恢复”中选择一个备份恢复；原文件未被改动。',
    workspaceLocked: '工作区“{{path}}”正被其他程序占用，请关闭后重试。',
    cannotOpen: '无法打开“{{path}}”：没有读写权限或磁盘不可用。',
    noWorkspaceOpen: '当前没有打开的工作区。',
    migrationFailed: '升级工作区结构失败（{{migration}}）：{{detail}}。工作区未改动，升级前的备份已保存。',
    folderMissing: '文件夹不存在：{{path}}。',
    backupNotFound: '找不到备份“{{fileName}}”。',
    backupCorrupt: '备份文件“{{path}}”已损坏或不是工作区，不能用来恢复。',
    groupNotFound: '找不到编号为 {{id}} 的社群，它可能已被删除。',
    nothingToUndo: '没有可以撤销的操作。',
    undoConflict: '无法撤销：恢复后会与现有数据冲突（例如同名的社群）。请先修改冲突的数据再撤销。',
    notARecentWorkspace: '“{{path}}”不在最近打开的工作区中。',
    unsafeUrl: '只能打开 http 或 https 链接：{{url}}',
    jobRunning: '任务 {{jobId}} 正在运行。',
    cancelled: '已取消，数据没有改动。',
  },
  validation: {
    required: '必填',
    tooLong: '不能超过 {{limit}} 个字符',
    tooLarge: '不能大于 {{limit}}',
    tooSmall: '不能小于 {{limit}}',
    positiveInteger: '请输入正整数',
    date: '请输入有效日期（年-月-日）',
    platform: '请选择平台',
    wrongType: '格式不正确',
    unknownField: '包含未知字段：{{keys}}',
    invalid: '内容无效',
    groupNameTaken: '已有名为“{{name}}”的社群（未归档），请换一个名称',
  },
  history: {
    action: {
      groupCreate: '新建社群“{{name}}”',
      groupUpdate: '编辑社群“{{name}}”',
      groupArchive: '归档社群“{{name}}”',
      groupUnarchive: '取消归档社群“{{name}}”',
      groupDelete: '删除社群“{{name}}”',
      undo: '撤销',
    },
  },
  jobs: {
    phase: {
      backup: '正在备份',
    },
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language must fill in full. */
export type Messages = Widen<typeof zhCN>;
