import type { Strings } from './en';

export const zhCN: Strings = {
  app: { title: 'CRM 工作台', loading: '加载中…', retry: '重试', back: '返回', cancel: '取消', save: '保存', close: '关闭', apply: '应用', clear: '清除', yes: '是', no: '否', none: '—', skipToContent: '跳到主要内容' },
  login: {
    title: '登录', subtitle: '欢迎回来，请登录您的 CRM。', email: '邮箱', password: '密码', submit: '登录',
    failed: '邮箱或密码错误。', rateLimited: '尝试次数过多。{{detail}}', hint: '演示账号在服务器启动时打印，并保存在 data/demo-credentials.txt。',
  },
  shell: {
    navigation: '导航', records: '数据', views: '已保存视图', allRecords: '全部记录', language: '语言', userMenu: '用户菜单',
    apiReference: 'API 文档', changePassword: '修改密码', logout: '退出登录', toggleNav: '展开或收起导航', search: '搜索',
  },
  password: {
    title: '修改密码', current: '当前密码', next: '新密码', confirm: '再次输入新密码', mismatch: '两次输入的密码不一致。',
    done: '密码已修改，请使用新密码重新登录。', hint: '至少 10 个字符。',
  },
  list: {
    search: '搜索…', searchLabel: '快速搜索', filter: '筛选', filters_one: '{{count}} 个条件', filters_other: '{{count}} 个条件', columns: '列',
    export: '导出 CSV', exportFailed: '无法导出', newRecord: '新建', count_one: '共 {{count}} 条', count_other: '共 {{count}} 条', selected_one: '已选 {{count}} 条', selected_other: '已选 {{count}} 条',
    delete: '删除', deleteTitle: '删除记录', deleteConfirm_one: '确定删除 {{count}} 条记录？此操作无法撤销。', deleteConfirm_other: '确定删除 {{count}} 条记录？此操作无法撤销。',
    deleted_one: '已删除 {{count}} 条记录', deleted_other: '已删除 {{count}} 条记录', deleteFailed: '部分记录无法删除', emptyTitle: '这里还没有记录',
    emptyFiltered: '没有符合条件的记录。请换个关键词或清除筛选。', emptyHint: '新建第一条记录，或通过 API 导入。', clearFilters: '清除搜索和筛选',
    errorTitle: '列表加载失败', selectAll: '选择已加载的全部行', selectRow: '选择第 {{id}} 行', open: '打开', sortAsc: '升序', sortDesc: '降序',
    loadingMore: '正在加载更多…', end: '已到底部', editHint: '双击或按回车键编辑', saved: '已保存', saveFailed: '未保存', readOnly: '此字段不能在这里编辑',
    table: '表格', board: '看板', calendar: '日历',
  },
  conflict: {
    title: '记录已被他人修改', body: '您编辑期间，{{field}} 已被修改。请选择要保留的值。', yours: '您的值', theirs: '当前值',
    keepMine: '保留我的', useTheirs: '使用当前值',
  },
  filter: {
    title: '筛选', match: '满足', all: '全部', any: '任一', ofTheFollowing: '条件', addCondition: '添加条件', addGroup: '添加条件组', remove: '移除',
    field: '字段', operator: '运算符', value: '值', empty: '没有条件：显示全部记录。', related: '关联记录', me: '我', myTeam: '我的团队', now: '现在', today: '今天',
    from: '从', to: '到', count: '数量', unit: '单位', yes: '是', no: '否', pickValues: '选择值', typeValues: '输入值，每个后按回车', where: '其中',
    ops: {
      eq: '等于', ne: '不等于', gt: '大于', gte: '大于等于', lt: '小于', lte: '小于等于', in: '属于', nin: '不属于', contains: '包含',
      startsWith: '开头是', endsWith: '结尾是', isNull: '为空', notNull: '不为空', between: '介于', inLast: '过去', inNext: '未来',
      today: '是今天', thisWeek: '是本周', thisMonth: '是本月', thisQuarter: '是本季度', thisYear: '是今年', some: '存在', none: '不存在', every: '全部满足',
    },
    units: { day: '天', week: '周', month: '月', year: '年' },
  },
  record: {
    new: '新建{{entity}}', save: '保存', saving: '保存中…', saved: '已保存', created: '已创建', fixErrors: '请修正标出的字段。', notFound: '该记录不存在，或您无权查看。',
    timeline: '变更历史', timelineEmpty: '暂无变更记录。', created_: '创建了记录', updated: '修改了', deleted: '删除了记录', you: '您', system: '系统', user: '用户 {{id}}',
    related: '相关记录', relatedEmpty: '暂无', more: '还有 {{count}} 条', unsaved: '有未保存的修改', discard: '放弃修改', details: '详情', search: '输入以搜索…', noMatches: '无匹配结果',
    conflict: '该记录已被他人修改。请重新加载查看最新内容，再重新修改。', reload: '重新加载',
  },
  board: {
    empty: '暂无卡片', sum: '合计', moved: '已移动到 {{stage}}', refused: '无法移动到 {{stage}}', conditions: '未满足的条件：', noField: '此视图没有用于分组的阶段字段。',
    moveCard: '移动 {{title}}', partial: '前 {{count}} 条',
  },
  calendar: { today: '今天', previous: '上个月', next: '下个月', noDateField: '此视图没有日期字段。', moved: '已改期到 {{date}}', more: '还有 {{count}} 条' },
  design: {
    area: '设计', title: '设计', forbidden: '只有管理员和设计者可以修改应用。', notFound: '此定义不存在。',
    drafts_one: '{{count}} 个草稿待应用', drafts_other: '{{count}} 个草稿待应用', errors_one: '{{count}} 个错误', errors_other: '{{count}} 个错误',
    validate: '校验', reviewPlan: '查看计划', apply: '应用', valid: '草稿校验通过。', applied: '已应用：应用正在使用新的定义。',
    planTitle: '应用将执行的操作', planEmpty: '数据库没有变化。', destructive: '删除数据', destructiveTitle: '部分步骤会删除数据',
    confirmDestructive: '我已了解：这些步骤删除的数据无法恢复。',
    export: '导出应用', exportChanges: '仅导出改动', exportHint: '已应用的应用打包为 zip（应用文件夹）：crm validate 与 crm apply 可直接读取。',
    new: '新建', none: '暂无', draft: '草稿', edited: '已修改', remove: '移除', undo: '撤销', redo: '重做', saveDraft: '保存草稿', savedDraft: '草稿已保存',
    unsaved: '未保存的更改', leaveUnsaved: '离开此编辑器？未保存的更改将丢失。',
    conflict: '在你打开后，其他人修改了此定义。请重新加载查看其版本，再重新修改。', reloadTheirs: '重新加载',
    labelEn: '标签（English）', labelZh: '标签（简体中文）', nameHint: '小写字母、数字和 _，以字母开头。', badName: '请使用小写字母、数字和 _，并以字母开头。',
    kinds: { entity: '实体', form: '表单', view: '视图', pipeline: '流程', automation: '自动化', role: '角色' },
    entity: {
      new: '新建实体', title: '实体 {{name}}', name: '名称', palette: '字段类型', fields: '字段', noFields: '从左侧的字段类型添加字段。',
      pick: '选择一个字段以修改其设置。', fieldName: '字段名', required: '必填', target: '关联实体', duplicate: '已有字段使用此名称。',
      renamed: '由 {{from}} 重命名：数据保留。', dragField: '移动 {{field}}',
    },
    form: {
      new: '新建表单', title: '表单 {{name}}（{{entity}}）', entity: '实体', name: '表单名', start: '创建', details: '详情', palette: '字段', allPlaced: '所有字段都已在表单上。',
      dragField: '拖动 {{field}}', addField: '添加 {{field}}', rule: '规则', dropHere: '将字段拖到这里', sectionTitle: '分组标题', sectionTitleZh: '分组标题（简体中文）',
      removeSection: '移除分组', addSection: '添加分组', section: '分组 {{n}}', properties: '字段', preview: '预览', pick: '选择表单上的一个字段。',
      help: '帮助', helpZh: '帮助（简体中文）', placeholder: '占位提示', placeholderZh: '占位提示（简体中文）', width: '宽度', full: '整行', half: '半行', third: '三分之一',
      visibleWhen: '显示条件', requiredWhen: '必填条件', previewEmpty: '把字段放到表单上即可预览。',
    },
    pipeline: {
      title: '流程 {{name}}（{{entity}}）', field: '阶段取自 {{field}} 的选项。', won: '赢单', lost: '输单', gated: '门槛', up: '上移 {{stage}}', down: '下移 {{stage}}',
      removeStage: '移除 {{stage}}', probability: '赢率', rotDays: '停滞天数', requiredFields: '进入时必填', gate: '门槛',
      gateLabel: '满足以下条件时可进入 {{stage}}', addStage: '添加阶段…', transitions: '允许的流转', restrict: '只允许下面勾选的流转',
      anyMove: '阶段之间可以任意流转。', fromTo: '从 ↓ / 到 →', allow: '允许 {{from}} → {{to}}',
    },
    view: {
      new: '新建视图', title: '视图 {{name}}（{{entity}}）', kind: '显示为', groupBy: '分列字段（单选）', dateField: '日期字段', columns: '列', sort: '排序', filter: '显示的记录',
      who: '能读取该实体的人都能看到此视图；每人只看到其角色允许的记录。',
    },
    role: {
      title: '角色 {{name}}', read: '读取', create: '创建', update: '修改', delete: '删除', export: '导出', all: '全部', none: '无', condition: '条件…',
      when: '可{{action}}满足以下条件的记录', hidden: '隐藏字段', readOnly: '只读字段', others: '其他所有实体',
      note: '条件把操作限制在满足条件的记录上（例如：负责人是我）。',
      viewAs: '以此角色查看', viewAsHint: '以该角色用户的视角查看应用（只读）。',
      viewAsUnsaved: '请先保存并应用修改：查看使用已应用的角色。', viewAsDraft: '此角色有草稿：请先应用，查看使用已应用的角色。',
    },
    automation: {
      title: '自动化 {{name}}', palette: '步骤', trigger: '触发器', pick: '选择触发器或步骤。从一个连接点拖到另一个以连接步骤；Delete 删除所选。',
      runs: '运行记录', enabled: '已启用', disabled: '已停用', enable: '启用', disable: '停用', record: '记录 ID', dryRun: '试运行',
      step: '步骤', status: '状态', input: '输入', output: '输出', name: '名称', nameHint: '小写字母、数字和 _', new: '新建自动化',
    },
    condition: { always: '始终', none: '始终 —— 添加条件以限制。' },
    fieldTypes: {
      text: '文本', longtext: '长文本', richtext: '富文本', email: '邮箱', phone: '电话', url: '网址', integer: '整数', number: '数字', currency: '金额',
      percent: '百分比', boolean: '是/否', date: '日期', datetime: '日期时间', select: '单选', multiselect: '多选', relation: '关联', user: '用户',
      formula: '公式', rollup: '汇总', autonumber: '自动编号', json: 'JSON', file: '文件', address: '地址', rating: '评分', tags: '标签',
    },
  },
  viewAs: {
    banner: '正在以 {{role}} 身份查看（只读）', user: '用户：{{user}}', exit: '退出', readOnly: '以角色身份查看时为只读',
    noNew: '以角色身份查看应用时不能新建记录。请退出查看后再新建。',
    noDesign: '以角色身份查看应用时不能使用设计区。请退出查看后再修改应用。',
  },
  errors: { generic: '出错了', network: '无法连接服务器。', notFound: '未找到', forbidden: '您无权执行此操作。' },
};
