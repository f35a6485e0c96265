// Static reference data for the demo seed: people, places, company names, the product catalogue
// and text snippets. Chinese and English on purpose: the example serves both locales.

export type Lang = 'zh' | 'en';
export type Region = 'east' | 'north' | 'south' | 'central' | 'southwest' | 'northwest' | 'northeast' | 'overseas';
export type Industry =
  | 'manufacturing' | 'technology' | 'retail' | 'finance' | 'healthcare' | 'education'
  | 'logistics' | 'energy' | 'food_beverage' | 'construction' | 'automotive' | 'other';
export type Category = 'hardware' | 'software' | 'subscription' | 'service' | 'consumable';
export type Unit = 'piece' | 'set' | 'box' | 'license' | 'month' | 'day' | 'hour';

export interface SeedUser { email: string; name: string; regions: readonly Region[] }

/** The sales manager: owns some agent accounts herself. */
export const MANAGER: SeedUser = { email: 'wang.fang@example.com', name: '王芳 (Wang Fang)', regions: [] };
/** Account managers, each covering some regions. */
export const REPS: readonly SeedUser[] = [
  { email: 'li.wei@example.com', name: '李伟 (Li Wei)', regions: ['east'] },
  { email: 'zhang.min@example.com', name: '张敏 (Zhang Min)', regions: ['north', 'northeast'] },
  { email: 'chen.jing@example.com', name: '陈静 (Chen Jing)', regions: ['south', 'central'] },
  { email: 'liu.yang@example.com', name: '刘洋 (Liu Yang)', regions: ['southwest', 'northwest'] },
  { email: 'david.miller@example.com', name: 'David Miller', regions: ['overseas'] },
];
export const TEAM: readonly SeedUser[] = [MANAGER, ...REPS];

export interface City { zh: string; en: string; region: Region; dial: string; districts: readonly string[] }

export const CN_CITIES: readonly City[] = [
  { zh: '上海', en: 'Shanghai', region: 'east', dial: '21', districts: ['浦东新区', '闵行区', '徐汇区', '嘉定区', '松江区'] },
  { zh: '杭州', en: 'Hangzhou', region: 'east', dial: '571', districts: ['西湖区', '滨江区', '余杭区', '萧山区'] },
  { zh: '苏州', en: 'Suzhou', region: 'east', dial: '512', districts: ['工业园区', '吴中区', '相城区', '高新区'] },
  { zh: '南京', en: 'Nanjing', region: 'east', dial: '25', districts: ['江宁区', '鼓楼区', '建邺区'] },
  { zh: '宁波', en: 'Ningbo', region: 'east', dial: '574', districts: ['鄞州区', '北仑区', '江北区'] },
  { zh: '合肥', en: 'Hefei', region: 'east', dial: '551', districts: ['蜀山区', '包河区', '高新区'] },
  { zh: '青岛', en: 'Qingdao', region: 'east', dial: '532', districts: ['黄岛区', '崂山区', '市南区'] },
  { zh: '厦门', en: 'Xiamen', region: 'east', dial: '592', districts: ['思明区', '湖里区', '集美区'] },
  { zh: '北京', en: 'Beijing', region: 'north', dial: '10', districts: ['海淀区', '朝阳区', '大兴区', '昌平区'] },
  { zh: '天津', en: 'Tianjin', region: 'north', dial: '22', districts: ['滨海新区', '河西区', '南开区'] },
  { zh: '石家庄', en: 'Shijiazhuang', region: 'north', dial: '311', districts: ['长安区', '裕华区'] },
  { zh: '深圳', en: 'Shenzhen', region: 'south', dial: '755', districts: ['南山区', '福田区', '宝安区', '龙岗区'] },
  { zh: '广州', en: 'Guangzhou', region: 'south', dial: '20', districts: ['天河区', '黄埔区', '番禺区', '白云区'] },
  { zh: '东莞', en: 'Dongguan', region: 'south', dial: '769', districts: ['松山湖', '长安镇', '南城街道'] },
  { zh: '武汉', en: 'Wuhan', region: 'central', dial: '27', districts: ['洪山区', '江汉区', '东湖高新区'] },
  { zh: '长沙', en: 'Changsha', region: 'central', dial: '731', districts: ['岳麓区', '雨花区', '开福区'] },
  { zh: '郑州', en: 'Zhengzhou', region: 'central', dial: '371', districts: ['金水区', '郑东新区', '管城区'] },
  { zh: '成都', en: 'Chengdu', region: 'southwest', dial: '28', districts: ['高新区', '武侯区', '锦江区', '双流区'] },
  { zh: '重庆', en: 'Chongqing', region: 'southwest', dial: '23', districts: ['渝北区', '江北区', '九龙坡区'] },
  { zh: '昆明', en: 'Kunming', region: 'southwest', dial: '871', districts: ['五华区', '官渡区'] },
  { zh: '西安', en: "Xi'an", region: 'northwest', dial: '29', districts: ['雁塔区', '未央区', '高新区'] },
  { zh: '兰州', en: 'Lanzhou', region: 'northwest', dial: '931', districts: ['城关区', '七里河区'] },
  { zh: '沈阳', en: 'Shenyang', region: 'northeast', dial: '24', districts: ['浑南区', '和平区', '铁西区'] },
  { zh: '大连', en: 'Dalian', region: 'northeast', dial: '411', districts: ['甘井子区', '中山区', '金州区'] },
  { zh: '哈尔滨', en: 'Harbin', region: 'northeast', dial: '451', districts: ['南岗区', '道里区'] },
];

export const OVERSEAS_CITIES: readonly City[] = [
  { zh: '新加坡', en: 'Singapore', region: 'overseas', dial: '65', districts: ['Marina Boulevard', 'Jurong Gateway Road', 'Science Park Drive'] },
  { zh: '香港', en: 'Hong Kong', region: 'overseas', dial: '852', districts: ['Queen\'s Road Central', 'Canton Road', 'Hoi Bun Road'] },
  { zh: '东京', en: 'Tokyo', region: 'overseas', dial: '81 3', districts: ['Marunouchi', 'Shibaura', 'Nishi-Shinjuku'] },
  { zh: '悉尼', en: 'Sydney', region: 'overseas', dial: '61 2', districts: ['George Street', 'Pitt Street', 'Macquarie Park'] },
  { zh: '法兰克福', en: 'Frankfurt', region: 'overseas', dial: '49 69', districts: ['Mainzer Landstrasse', 'Hanauer Landstrasse'] },
  { zh: '伦敦', en: 'London', region: 'overseas', dial: '44 20', districts: ['Canary Wharf', 'King\'s Cross', 'Old Street'] },
];

export const CN_STREETS = ['张江路', '科技园路', '人民路', '中山路', '建设路', '长江路', '创新大道', '软件园路', '滨江大道', '学府路', '工业大道', '高新路', '金融街', '锦绣路'];

/** Brand syllables for Chinese company names, with the pinyin used for domains and e-mail. */
export const CN_BRANDS: readonly (readonly [string, string])[] = [
  ['星辰', 'xingchen'], ['华创', 'huachuang'], ['瑞丰', 'ruifeng'], ['恒通', 'hengtong'], ['博远', 'boyuan'],
  ['金桥', 'jinqiao'], ['东方', 'dongfang'], ['海纳', 'haina'], ['中科', 'zhongke'], ['鼎盛', 'dingsheng'],
  ['天宇', 'tianyu'], ['卓越', 'zhuoyue'], ['宏达', 'hongda'], ['新锐', 'xinrui'], ['正泰', 'zhengtai'],
  ['安信', 'anxin'], ['联创', 'lianchuang'], ['信达', 'xinda'], ['锦程', 'jincheng'], ['永兴', 'yongxing'],
  ['景明', 'jingming'], ['云帆', 'yunfan'], ['启明', 'qiming'], ['汇通', 'huitong'], ['长风', 'changfeng'],
  ['同创', 'tongchuang'], ['宝丰', 'baofeng'], ['盛世', 'shengshi'], ['德润', 'derun'], ['嘉禾', 'jiahe'],
  ['泰和', 'taihe'], ['明远', 'mingyuan'], ['优联', 'youlian'], ['银河', 'yinhe'], ['青松', 'qingsong'],
  ['蓝海', 'lanhai'], ['聚力', 'juli'], ['凯瑞', 'kairui'], ['科越', 'keyue'], ['丰源', 'fengyuan'],
];

export const EN_BRANDS = [
  'Acme', 'Pacific', 'Harbor', 'Summit', 'Bluewave', 'Evergreen', 'Northstar', 'Silverline', 'Orient', 'Redwood',
  'Crestview', 'Pinnacle', 'Lotus', 'Jade', 'Sunrise', 'Meridian', 'Atlas', 'Horizon', 'Keystone', 'Riverside',
  'Oakridge', 'Brightpath', 'Greenfield', 'Ironbridge', 'Clearwater', 'Starlight', 'Maple', 'Falcon', 'Vertex', 'Nova',
];

/** Per industry: Chinese name part + domain part, English name part + domain part. */
export const INDUSTRY_WORDS: Readonly<Record<Industry, { zh: readonly (readonly [string, string])[]; en: readonly (readonly [string, string])[] }>> = {
  technology: { zh: [['科技', 'tech'], ['信息技术', 'it'], ['软件', 'soft'], ['网络科技', 'net']], en: [['Technologies', 'tech'], ['Software', 'soft'], ['Systems', 'systems']] },
  manufacturing: { zh: [['机械制造', 'machinery'], ['精密制造', 'precision'], ['电子', 'elec'], ['智能装备', 'equip']], en: [['Manufacturing', 'mfg'], ['Precision Industries', 'precision'], ['Electronics', 'electronics']] },
  retail: { zh: [['商贸', 'trade'], ['百货', 'store'], ['连锁超市', 'mart']], en: [['Trading', 'trading'], ['Retail', 'retail'], ['Stores', 'stores']] },
  finance: { zh: [['投资', 'invest'], ['融资租赁', 'leasing'], ['保险代理', 'ins']], en: [['Capital', 'capital'], ['Leasing', 'leasing']] },
  healthcare: { zh: [['医疗器械', 'medical'], ['生物科技', 'bio'], ['医药', 'pharma']], en: [['Medical', 'medical'], ['Life Sciences', 'bio'], ['Pharma', 'pharma']] },
  education: { zh: [['教育科技', 'edu'], ['职业培训', 'training']], en: [['Learning', 'learning'], ['Education', 'edu']] },
  logistics: { zh: [['物流', 'logistics'], ['供应链', 'supply'], ['冷链运输', 'coldchain']], en: [['Logistics', 'logistics'], ['Supply Chain', 'supply'], ['Freight', 'freight']] },
  energy: { zh: [['新能源', 'energy'], ['光伏科技', 'solar'], ['电力设备', 'power']], en: [['Energy', 'energy'], ['Solar', 'solar'], ['Power Systems', 'power']] },
  food_beverage: { zh: [['食品', 'food'], ['饮品', 'drinks'], ['餐饮管理', 'catering']], en: [['Foods', 'foods'], ['Beverages', 'beverages']] },
  construction: { zh: [['建设工程', 'build'], ['建材', 'materials'], ['置业', 'realty']], en: [['Construction', 'construction'], ['Building Materials', 'materials']] },
  automotive: { zh: [['汽车零部件', 'autoparts'], ['汽车销售服务', 'auto']], en: [['Auto Parts', 'autoparts'], ['Motors', 'motors']] },
  other: { zh: [['文化传媒', 'media'], ['管理咨询', 'consulting']], en: [['Media', 'media'], ['Consulting', 'consulting']] },
};

export const INDUSTRIES: readonly (readonly [Industry, number])[] = [
  ['manufacturing', 20], ['technology', 14], ['retail', 12], ['logistics', 9], ['healthcare', 8], ['food_beverage', 8],
  ['construction', 7], ['automotive', 7], ['energy', 6], ['finance', 4], ['education', 4], ['other', 3],
];

// ---------------------------------------------------------------- people

export type Gender = 'male' | 'female';
export const CN_SURNAMES: readonly (readonly [string, string])[] = [
  ['李', 'li'], ['王', 'wang'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao'], ['黄', 'huang'],
  ['周', 'zhou'], ['吴', 'wu'], ['徐', 'xu'], ['孙', 'sun'], ['胡', 'hu'], ['朱', 'zhu'], ['高', 'gao'], ['林', 'lin'],
  ['何', 'he'], ['郭', 'guo'], ['马', 'ma'], ['罗', 'luo'], ['梁', 'liang'], ['宋', 'song'], ['郑', 'zheng'], ['谢', 'xie'],
  ['韩', 'han'], ['唐', 'tang'], ['冯', 'feng'], ['于', 'yu'], ['董', 'dong'], ['萧', 'xiao'],
];
export const CN_GIVEN: readonly (readonly [string, string, Gender])[] = [
  ['伟', 'wei', 'male'], ['芳', 'fang', 'female'], ['娜', 'na', 'female'], ['敏', 'min', 'female'], ['静', 'jing', 'female'],
  ['强', 'qiang', 'male'], ['磊', 'lei', 'male'], ['军', 'jun', 'male'], ['洋', 'yang', 'male'], ['勇', 'yong', 'male'],
  ['艳', 'yan', 'female'], ['杰', 'jie', 'male'], ['娟', 'juan', 'female'], ['涛', 'tao', 'male'], ['明', 'ming', 'male'],
  ['超', 'chao', 'male'], ['秀英', 'xiuying', 'female'], ['霞', 'xia', 'female'], ['平', 'ping', 'male'], ['刚', 'gang', 'male'],
  ['建华', 'jianhua', 'male'], ['志强', 'zhiqiang', 'male'], ['晓东', 'xiaodong', 'male'], ['海燕', 'haiyan', 'female'],
  ['婷婷', 'tingting', 'female'], ['子涵', 'zihan', 'female'], ['浩然', 'haoran', 'male'], ['雨萱', 'yuxuan', 'female'],
  ['俊杰', 'junjie', 'male'], ['欣怡', 'xinyi', 'female'], ['宇航', 'yuhang', 'male'], ['丽华', 'lihua', 'female'],
];
export const EN_GIVEN: readonly (readonly [string, Gender])[] = [
  ['James', 'male'], ['Emma', 'female'], ['Michael', 'male'], ['Olivia', 'female'], ['Daniel', 'male'], ['Sophia', 'female'],
  ['David', 'male'], ['Grace', 'female'], ['Thomas', 'male'], ['Chloe', 'female'], ['William', 'male'], ['Hannah', 'female'],
  ['Robert', 'male'], ['Emily', 'female'], ['Kevin', 'male'], ['Linda', 'female'], ['Peter', 'male'], ['Sarah', 'female'],
  ['Mark', 'male'], ['Laura', 'female'], ['Jason', 'male'], ['Rachel', 'female'],
];
export const EN_SURNAMES = [
  'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Anderson', 'Clarke', 'Walker', 'Wright', 'Harris', 'Martin', 'Thompson',
  'Young', 'King', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Tan', 'Lim', 'Wong', 'Tanaka',
];

export type Department = 'management' | 'purchasing' | 'finance' | 'it' | 'operations' | 'engineering' | 'sales' | 'marketing' | 'hr';
/** [department, zh title, en title, decision maker, weight] */
export const JOBS: readonly (readonly [Department, string, string, boolean, number])[] = [
  ['management', '总经理', 'General Manager', true, 8], ['management', '副总经理', 'Deputy General Manager', true, 4],
  ['management', '董事长', 'Chairman', true, 2], ['purchasing', '采购经理', 'Purchasing Manager', true, 12],
  ['purchasing', '采购专员', 'Buyer', false, 10], ['finance', '财务总监', 'Finance Director', true, 5],
  ['finance', '会计', 'Accountant', false, 4], ['it', 'IT 经理', 'IT Manager', true, 9],
  ['it', '系统管理员', 'System Administrator', false, 6], ['it', '信息中心主任', 'CIO', true, 3],
  ['operations', '运营总监', 'Operations Director', true, 4], ['operations', '仓储主管', 'Warehouse Supervisor', false, 5],
  ['engineering', '技术总监', 'CTO', true, 3], ['engineering', '工程师', 'Engineer', false, 6],
  ['sales', '销售总监', 'Sales Director', false, 3], ['marketing', '市场经理', 'Marketing Manager', false, 3],
  ['hr', '人事经理', 'HR Manager', false, 2],
];

export const INTERESTS: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['高尔夫', '茶道', '旅行', '摄影', '徒步', '红酒', '阅读', '足球', '羽毛球', '钓鱼', '书法', '马拉松'],
  en: ['golf', 'tea', 'travel', 'photography', 'hiking', 'wine', 'reading', 'football', 'tennis', 'cycling', 'sailing', 'cooking'],
};
export const MOBILE_PREFIXES = ['135', '136', '137', '138', '139', '150', '151', '158', '177', '186', '188', '199'];

// ---------------------------------------------------------------- product catalogue

export interface CatalogItem {
  sku: string; name: string; category: Category; unit: Unit; price: number; cost: number;
  /** Typical quantity on one order line. */
  qty: readonly [number, number];
  tags: readonly string[]; launch: string; specs?: Record<string, string | number>;
}

export const CATALOG: readonly CatalogItem[] = [
  { sku: 'HW-1001', name: '边缘服务器 SE50', category: 'hardware', unit: 'set', price: 68000, cost: 52000, qty: [1, 4], tags: ['服务器'], launch: '2024-03-18', specs: { cpu: '2 × 16 cores', memory_gb: 256, rack_units: 1 } },
  { sku: 'HW-1002', name: 'Rack Server R740 (2U)', category: 'hardware', unit: 'set', price: 89000, cost: 70000, qty: [1, 4], tags: ['server'], launch: '2023-06-01', specs: { cpu: '2 × 24 cores', memory_gb: 512, rack_units: 2 } },
  { sku: 'HW-1003', name: '企业级交换机 48 口 PoE', category: 'hardware', unit: 'piece', price: 15800, cost: 11200, qty: [1, 12], tags: ['网络'], launch: '2023-09-12', specs: { ports: 48, poe_budget_w: 740 } },
  { sku: 'HW-1004', name: 'Wi-Fi 6 Access Point AP-660', category: 'hardware', unit: 'piece', price: 2600, cost: 1750, qty: [4, 60], tags: ['network', 'wifi'], launch: '2024-01-08' },
  { sku: 'HW-1005', name: '工业平板电脑 IP-12', category: 'hardware', unit: 'piece', price: 7800, cost: 5600, qty: [2, 30], tags: ['工业'], launch: '2024-05-20', specs: { screen_in: 12, ip_rating: 'IP65' } },
  { sku: 'HW-1006', name: '手持扫码终端 PDA-X5', category: 'hardware', unit: 'piece', price: 3200, cost: 2200, qty: [5, 80], tags: ['仓储', '扫码'], launch: '2024-08-01', specs: { os: 'Android 13', battery_mah: 5000 } },
  { sku: 'HW-1007', name: 'Industrial Label Printer ZT-410', category: 'hardware', unit: 'piece', price: 9800, cost: 7300, qty: [1, 10], tags: ['printing'], launch: '2022-11-15' },
  { sku: 'HW-1008', name: '智能考勤门禁一体机', category: 'hardware', unit: 'piece', price: 2300, cost: 1500, qty: [2, 20], tags: ['门禁'], launch: '2023-04-10' },
  { sku: 'HW-1009', name: 'NAS Storage 8-Bay 64 TB', category: 'hardware', unit: 'set', price: 36000, cost: 27500, qty: [1, 3], tags: ['storage'], launch: '2023-10-30', specs: { bays: 8, raw_tb: 64 } },
  { sku: 'HW-1010', name: 'UPS 不间断电源 10kVA', category: 'hardware', unit: 'set', price: 21000, cost: 16000, qty: [1, 4], tags: ['机房'], launch: '2022-07-01' },
  { sku: 'HW-1011', name: 'Business Laptop 14" i7', category: 'hardware', unit: 'piece', price: 8600, cost: 7100, qty: [5, 60], tags: ['laptop'], launch: '2025-02-14' },
  { sku: 'HW-1012', name: '86 英寸 4K 会议大屏', category: 'hardware', unit: 'set', price: 32000, cost: 24000, qty: [1, 8], tags: ['会议室'], launch: '2024-09-09' },
  { sku: 'HW-1013', name: 'POS 收银一体机', category: 'hardware', unit: 'set', price: 4800, cost: 3400, qty: [3, 50], tags: ['零售'], launch: '2023-03-03' },
  { sku: 'HW-1014', name: 'Next-Gen Firewall NGFW-500', category: 'hardware', unit: 'piece', price: 26000, cost: 18500, qty: [1, 4], tags: ['security'], launch: '2024-04-22' },
  { sku: 'SW-2001', name: 'CRM 专业版（永久许可）', category: 'software', unit: 'license', price: 4800, cost: 600, qty: [5, 120], tags: ['CRM'], launch: '2023-01-01' },
  { sku: 'SW-2002', name: 'ERP Standard – named user', category: 'software', unit: 'license', price: 12000, cost: 2500, qty: [5, 80], tags: ['ERP'], launch: '2022-05-01' },
  { sku: 'SW-2003', name: 'WMS 仓储管理系统', category: 'software', unit: 'set', price: 68000, cost: 12000, qty: [1, 2], tags: ['仓储'], launch: '2023-08-15' },
  { sku: 'SW-2004', name: 'Backup Pro – per server', category: 'software', unit: 'license', price: 3500, cost: 700, qty: [2, 40], tags: ['backup'], launch: '2022-10-10' },
  { sku: 'SW-2005', name: 'Endpoint Security Suite', category: 'software', unit: 'license', price: 380, cost: 90, qty: [20, 500], tags: ['security'], launch: '2024-02-01' },
  { sku: 'SW-2006', name: 'MES 生产执行系统 模块包', category: 'software', unit: 'set', price: 150000, cost: 30000, qty: [1, 1], tags: ['制造'], launch: '2024-06-18' },
  { sku: 'SW-2007', name: 'BI 报表分析平台', category: 'software', unit: 'license', price: 9800, cost: 1800, qty: [2, 30], tags: ['BI'], launch: '2023-11-11' },
  { sku: 'SW-2008', name: 'Office Collaboration Suite', category: 'software', unit: 'license', price: 1200, cost: 420, qty: [10, 300], tags: ['office'], launch: '2022-03-01' },
  { sku: 'SB-3001', name: '云主机 4 核 16G（月）', category: 'subscription', unit: 'month', price: 980, cost: 560, qty: [12, 36], tags: ['云'], launch: '2023-05-05' },
  { sku: 'SB-3002', name: 'CRM Cloud – 10 users / month', category: 'subscription', unit: 'month', price: 1990, cost: 400, qty: [12, 36], tags: ['CRM', 'cloud'], launch: '2024-01-15' },
  { sku: 'SB-3003', name: '企业邮箱 50 用户（月）', category: 'subscription', unit: 'month', price: 450, cost: 120, qty: [12, 36], tags: ['邮箱'], launch: '2022-08-08' },
  { sku: 'SB-3004', name: 'SD-WAN 组网服务（月）', category: 'subscription', unit: 'month', price: 2600, cost: 1500, qty: [12, 36], tags: ['网络'], launch: '2024-07-01' },
  { sku: 'SB-3005', name: 'Managed Backup 1 TB / month', category: 'subscription', unit: 'month', price: 320, cost: 110, qty: [12, 36], tags: ['backup'], launch: '2023-02-20' },
  { sku: 'SV-4001', name: '实施服务（人天）', category: 'service', unit: 'day', price: 1800, cost: 900, qty: [5, 60], tags: ['实施'], launch: '2022-01-01' },
  { sku: 'SV-4002', name: 'On-site Engineer (hourly)', category: 'service', unit: 'hour', price: 380, cost: 190, qty: [8, 120], tags: ['onsite'], launch: '2022-01-01' },
  { sku: 'SV-4003', name: '年度运维服务包', category: 'service', unit: 'set', price: 36000, cost: 18000, qty: [1, 2], tags: ['运维'], launch: '2022-01-01' },
  { sku: 'SV-4004', name: '员工培训课程（期）', category: 'service', unit: 'set', price: 8000, cost: 3000, qty: [1, 4], tags: ['培训'], launch: '2022-06-01' },
  { sku: 'SV-4005', name: '网络布线工程（点位）', category: 'service', unit: 'piece', price: 260, cost: 150, qty: [20, 300], tags: ['布线'], launch: '2022-01-01' },
  { sku: 'SV-4006', name: 'Data Migration Service', category: 'service', unit: 'set', price: 25000, cost: 11000, qty: [1, 2], tags: ['migration'], launch: '2023-03-15' },
  { sku: 'SV-4007', name: 'Extended Warranty 3 Years', category: 'service', unit: 'set', price: 5800, cost: 1900, qty: [1, 10], tags: ['warranty'], launch: '2022-01-01' },
  { sku: 'CS-5001', name: '热敏标签纸 100×150（箱）', category: 'consumable', unit: 'box', price: 280, cost: 170, qty: [10, 300], tags: ['标签'], launch: '2022-01-01' },
  { sku: 'CS-5002', name: '碳带 110mm×300m（箱）', category: 'consumable', unit: 'box', price: 420, cost: 260, qty: [5, 120], tags: ['碳带'], launch: '2022-01-01' },
  { sku: 'CS-5003', name: 'Toner Cartridge TN-880', category: 'consumable', unit: 'piece', price: 560, cost: 330, qty: [5, 80], tags: ['toner'], launch: '2022-04-01' },
  { sku: 'CS-5004', name: 'A4 复印纸 70g（箱）', category: 'consumable', unit: 'box', price: 135, cost: 98, qty: [20, 400], tags: ['办公'], launch: '2022-01-01' },
  { sku: 'CS-5005', name: 'Cat6 Network Cable 305 m', category: 'consumable', unit: 'box', price: 680, cost: 430, qty: [2, 40], tags: ['cable'], launch: '2022-01-01' },
  { sku: 'CS-5006', name: '扫码枪电池组', category: 'consumable', unit: 'piece', price: 180, cost: 95, qty: [10, 200], tags: ['配件'], launch: '2023-07-01' },
];

/** Products no longer sold (they still appear on old orders). */
export const DISCONTINUED = new Set(['HW-1008', 'SW-2004']);

/** Typical projects: a deal title and the products it is about. */
export const PROJECTS: readonly { zh: string; en: string; skus: readonly string[] }[] = [
  { zh: '仓储扫码设备升级', en: 'Warehouse scanner upgrade', skus: ['HW-1006', 'HW-1007', 'CS-5001', 'CS-5002', 'SW-2003'] },
  { zh: '办公网络改造', en: 'Office network refresh', skus: ['HW-1003', 'HW-1004', 'HW-1014', 'SV-4005', 'CS-5005'] },
  { zh: '服务器扩容', en: 'Server expansion', skus: ['HW-1001', 'HW-1002', 'HW-1009', 'HW-1010', 'SV-4001'] },
  { zh: 'ERP 系统实施', en: 'ERP implementation', skus: ['SW-2002', 'SV-4001', 'SV-4006', 'SW-2007', 'SV-4004'] },
  { zh: 'CRM 上云', en: 'CRM cloud rollout', skus: ['SB-3002', 'SW-2001', 'SV-4001', 'SV-4004'] },
  { zh: '年度运维服务', en: 'Annual managed services', skus: ['SV-4003', 'SV-4002', 'SV-4007', 'SB-3005'] },
  { zh: '新门店 POS 部署', en: 'POS rollout for new stores', skus: ['HW-1013', 'HW-1006', 'CS-5001', 'SV-4002'] },
  { zh: '生产线数字化改造', en: 'Factory digitalisation', skus: ['SW-2006', 'HW-1005', 'HW-1003', 'SV-4001'] },
  { zh: '年度耗材采购', en: 'Annual consumables supply', skus: ['CS-5001', 'CS-5002', 'CS-5003', 'CS-5004', 'CS-5005', 'CS-5006'] },
  { zh: '数据备份与容灾', en: 'Backup and disaster recovery', skus: ['SB-3005', 'HW-1009', 'SV-4006', 'HW-1010'] },
  { zh: '会议室智能化', en: 'Smart meeting rooms', skus: ['HW-1012', 'HW-1004', 'SW-2008'] },
  { zh: '终端安全升级', en: 'Endpoint security upgrade', skus: ['SW-2005', 'HW-1011', 'HW-1014'] },
  { zh: '云主机迁移', en: 'Cloud hosting migration', skus: ['SB-3001', 'SB-3004', 'SV-4006', 'SB-3003'] },
];

// ---------------------------------------------------------------- text snippets

export const NEXT_STEPS: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['发送正式报价', '安排技术交流', '等待客户内部审批', '提交投标文件', '安排样机测试', '确认合同条款'],
  en: ['Send formal quote', 'Schedule a technical workshop', 'Waiting for internal approval', 'Submit tender documents', 'Arrange a demo unit trial', 'Agree contract terms'],
};
export const COMPETITORS = ['华为', '联想', 'Dell', 'HP', '用友', '金蝶', 'SAP', 'Cisco', '新华三', '本地集成商'];

export const ACCOUNT_TAGS = ['战略客户', '年框协议', '上市公司', '外资企业', '政府项目', '老客户推荐', '价格敏感', 'VIP', 'ISO9001'];

export const PROFILE: Readonly<Record<Lang, { temperament: readonly string[]; style: readonly string[]; decision: readonly string[] }>> = {
  zh: {
    temperament: ['稳重务实', '果断强势', '谨慎保守', '开放创新', '注重关系'],
    style: ['精细化管理，重视成本', '快速扩张，重视交付速度', '家族经营，老板拍板', '集团化采购，流程严格', '技术导向，重视服务'],
    decision: ['老板直接决策', '采购部比价后总经理审批', '集团统一招标', 'IT 部门评估，财务审批'],
  },
  en: {
    temperament: ['pragmatic', 'decisive', 'cautious', 'open to new ideas', 'relationship-driven'],
    style: ['lean and cost-focused', 'growing fast, values speed of delivery', 'family-run, the owner decides', 'group procurement with strict process', 'engineering-led, values service'],
    decision: ['owner decides', 'purchasing compares quotes, GM approves', 'group tender', 'IT evaluates, finance approves'],
  },
};

export const VISIT_GOALS: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['了解明年采购计划', '推进方案确认', '季度业务回顾', '新产品介绍', '解决售后问题', '商务条款沟通'],
  en: ["Understand next year's purchasing plan", 'Move the proposal to sign-off', 'Quarterly business review', 'Introduce new products', 'Resolve an after-sales issue', 'Negotiate commercial terms'],
};
export const CALL_SUBJECTS: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['电话回访', '跟进报价反馈', '确认交付时间', '沟通年度采购计划', '售后满意度回访'],
  en: ['Follow-up call', 'Check quote feedback', 'Confirm delivery date', 'Discuss annual purchasing plan', 'After-sales satisfaction call'],
};
export const EMAIL_SUBJECTS: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['发送报价单', '发送产品资料', '发送合同草稿', '节日问候', '发送会议纪要'],
  en: ['Send quote', 'Send product brochure', 'Send draft contract', 'Season\'s greetings', 'Send meeting minutes'],
};
export const MEETING_SUBJECTS: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['方案评审会议', '技术交流会', '季度业务回顾会', '合同谈判'],
  en: ['Solution review meeting', 'Technical workshop', 'Quarterly business review', 'Contract negotiation'],
};
export const LEAD_SUBJECTS: Readonly<Record<'call' | 'email' | 'meeting', Readonly<Record<Lang, string>>>> = {
  call: { zh: '首次电话沟通', en: 'Intro call' },
  email: { zh: '发送公司介绍', en: 'Send company introduction' },
  meeting: { zh: '线上产品演示', en: 'Online product demo' },
};

/** Visit reports: listen (feedback) → find problems → propose solutions. */
export const VISIT_REPORTS: Readonly<Record<Lang, readonly (readonly [string, string, string])[]>> = {
  zh: [
    ['客户反映现有扫码设备老化，高峰期出库效率低。', '仓库作业依赖纸质单据，差错率偏高。', '建议分批更换 PDA 并上线 WMS 试点，先在一号仓验证。'],
    ['客户对上季度交付及时性表示满意，但希望缩短售后响应时间。', '现场工程师只有一名，节假日无人值守。', '提议签订年度运维服务包，承诺 4 小时响应。'],
    ['采购经理提到明年预算收紧，更关注总体拥有成本。', '现有方案一次性投入较高。', '提供按月订阅方案，并附三年总拥有成本对比。'],
    ['信息中心希望统一各分公司的网络与安全管理。', '各门店设备型号不一，故障排查困难。', '建议统一采购交换机与防火墙，并演示集中管理平台。'],
    ['总经理关注数字化转型，希望看到同行案例。', '内部缺少项目负责人，推进缓慢。', '安排参观标杆客户工厂，并推荐实施顾问驻场。'],
    ['客户对耗材价格较敏感，提到竞争对手报价更低。', '订货频次高、单次量小，物流成本高。', '建议签订年度框架协议，按季度集中配送并给予阶梯折扣。'],
  ],
  en: [
    ['Warehouse team says the scanners are slow at peak hours.', 'Paper pick lists cause frequent errors.', 'Replace handhelds in phases and pilot the WMS in one warehouse.'],
    ["Happy with last quarter's deliveries, wants faster after-sales response.", 'Only one on-site engineer; nobody covers holidays.', 'Offer the annual managed-services package with a 4-hour response.'],
    ['Budget will be tighter next year; total cost of ownership matters most.', 'The up-front investment of the current proposal is high.', 'Propose a monthly subscription and share a three-year cost comparison.'],
    ['IT wants one way to manage network and security across branches.', 'Mixed device models make troubleshooting slow.', 'Standardise switches and firewalls; demo the central management console.'],
    ['The GM wants reference cases before committing to digitalisation.', 'No internal project owner, so progress is slow.', 'Arrange a reference visit and propose an on-site implementation consultant.'],
    ['Price-sensitive on consumables; a competitor quoted lower.', 'Frequent small orders drive up freight costs.', 'Offer a yearly framework agreement with quarterly deliveries and tiered discounts.'],
  ],
};
