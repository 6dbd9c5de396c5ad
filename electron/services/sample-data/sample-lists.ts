/**
 * Word lists for sample members: common surnames weighted roughly by how often they occur, given
 * names that really are common (so 张伟 and 王芳 repeat, as they do in real rosters), cities,
 * channels and tags an operator would recognise.
 */

/** [surname, weight]: the most frequent surnames, weights loosely following their share. */
export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 72], ['李', 70], ['张', 66], ['刘', 54], ['陈', 46], ['杨', 32], ['黄', 24], ['赵', 21], ['吴', 20], ['周', 19],
  ['徐', 15], ['孙', 14], ['马', 13], ['朱', 12], ['胡', 12], ['郭', 11], ['何', 11], ['林', 10], ['高', 10], ['罗', 10],
  ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 7], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 2], ['陆', 2], ['汪', 2], ['范', 2], ['金', 2],
  ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['付', 2], ['方', 2], ['白', 2], ['邹', 2], ['孟', 2],
  ['熊', 2], ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 1], ['段', 1], ['雷', 1], ['侯', 1],
  ['龙', 1], ['史', 1], ['陶', 1], ['黎', 1], ['贺', 1], ['顾', 1], ['毛', 1], ['郝', 1], ['龚', 1], ['邵', 1],
  ['万', 1], ['钱', 1], ['严', 1], ['覃', 1], ['武', 1], ['戴', 1], ['莫', 1], ['孔', 1], ['向', 1], ['常', 1],
  ['单', 1], ['欧阳', 1], ['司马', 1], ['上官', 1],
];

/** Whole given names that are very common: they make the same-name people every roster has. */
export const COMMON_GIVEN_MALE = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '浩', '鹏', '辉', '刚', '斌', '宇', '建华', '建国', '志强', '俊杰', '子轩', '浩然', '宇航', '一鸣'];
export const COMMON_GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀英', '玲', '婷', '雪', '慧', '欣怡', '梓涵', '诗涵', '雨桐', '佳琪', '思彤', '晓燕', '丹', '萍', '颖', '琳'];

/** Characters combined into two-character given names. */
export const GIVEN_CHARS_MALE = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
export const GIVEN_CHARS_FEMALE = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

export const NICKNAME_PREFIXES = ['小', '阿', '大', '老'];
export const LATIN_NICKNAMES = ['Amy', 'Coco', 'Lily', 'Kevin', 'Jason', 'Tony', 'Vivian', 'Grace', 'Leo', 'Sunny', 'Echo', 'Momo', 'Nico', 'Ivy', 'Jack', 'Cathy', 'Eric', 'Annie', 'David', 'Zoe'];
export const NICKNAME_DECORATIONS = ['🌸', '☀️', '🍀', '🐱', '✨', '🌙', '', '', '', '', '', ''];

/** [city, weight] */
export const CITIES: ReadonlyArray<readonly [string, number]> = [
  ['上海', 14], ['北京', 13], ['深圳', 11], ['广州', 10], ['杭州', 9], ['成都', 8], ['南京', 6], ['武汉', 6], ['西安', 5], ['苏州', 5],
  ['重庆', 5], ['天津', 4], ['长沙', 4], ['郑州', 3], ['青岛', 3], ['厦门', 3], ['合肥', 2], ['昆明', 2], ['大连', 2], ['宁波', 2],
  ['福州', 2], ['济南', 2], ['沈阳', 2], ['哈尔滨', 1], ['南宁', 1], ['贵阳', 1], ['石家庄', 1], ['太原', 1], ['南昌', 1], ['兰州', 1],
  ['香港', 1], ['台北', 1], ['新加坡', 1],
];

export const OCCUPATIONS = ['产品经理', '程序员', '设计师', '教师', '学生', '销售', '市场专员', '会计', '医生', '护士', '律师', '自由职业', '公务员', '运营', '咨询顾问', '宝妈', '创业者', '工程师', '摄影师', '人力资源'];

export const INTERESTS = ['读书', '瑜伽', '跑步', '摄影', '烘焙', '旅行', '咖啡', '徒步', '编程', '绘画', '音乐', '电影', '健身', '理财', '育儿', '桌游', '露营', '书法'];

/** Source channels (来源). The sample marker goes on `is_sample`, not here, so sources stay realistic. */
export const SOURCES: ReadonlyArray<readonly [string, number]> = [
  ['朋友推荐', 24], ['公众号', 18], ['社群裂变', 16], ['线下活动', 12], ['小红书', 10], ['抖音', 8], ['视频号', 5], ['官网', 4], ['其他', 3],
];

export const AGE_BANDS = ['18岁以下', '18-24', '25-30', '31-35', '36-40', '41-50', '50岁以上'];

export const TAG_NAMES = ['KOL', '活跃', '新人', '老会员', '志愿者', '付费会员', '潜在客户', '讲师', '宝妈', '学生党', '读书会', '跑团', '已流失', '待回访', '高意向', '合作伙伴'];

export const GROUP_SPECS: ReadonlyArray<{ name: string; platform: string; theme: string }> = [
  { name: '示例·周末读书会', platform: 'wechat', theme: '每周共读一本书' },
  { name: '示例·晨跑打卡群', platform: 'wechat', theme: '21 天晨跑打卡' },
  { name: '示例·瑜伽初级班', platform: 'wecom', theme: '零基础瑜伽' },
  { name: '示例·产品经理交流', platform: 'dingtalk', theme: '产品方法与案例' },
  { name: '示例·城市探索 QQ 群', platform: 'qq', theme: '周末城市漫步' },
];

export const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'gmail.com', 'outlook.com', 'foxmail.com', 'sina.com'];
export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '199'];
