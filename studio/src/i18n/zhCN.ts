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
  errors: { generic: '出错了', network: '无法连接服务器。', notFound: '未找到', forbidden: '您无权执行此操作。' },
};
