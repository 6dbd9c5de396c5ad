/**
 * Header words per member field, Chinese and English, as operators' spreadsheets write them. Used to map
 * columns automatically and to recognise the header row below title and note rows.
 */
import type { MemberImportField } from '../../member.ts';
import { foldWidth, stripInvisible } from '../normalise/text.ts';

export const HEADER_SYNONYMS: Record<MemberImportField, string[]> = {
  displayName: ['显示名', '显示名称', '称呼', '用户名', '账号名', 'display name', 'username', 'user name', 'screen name'],
  realName: ['姓名', '名字', '真实姓名', '学员姓名', '会员姓名', '成员姓名', '客户姓名', '用户姓名', '学生姓名', '报名人', '报名人姓名', '参与者', '本人姓名', 'name', 'full name', 'real name', 'member name', 'first and last name'],
  nickname: ['昵称', '群昵称', '微信昵称', '网名', '群名片', '微信名', '用户昵称', '成员昵称', 'nickname', 'nick', 'nick name', 'alias', 'wechat name', 'handle'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', '电话号码', '联系方式', '移动电话', '手机电话', '联系手机', 'mobile', 'phone', 'phone number', 'mobile number', 'mobile phone', 'cell', 'cellphone', 'cell phone', 'tel', 'telephone', 'contact number', 'phone no'],
  wechatId: ['微信', '微信号', '微信id', '微信账号', '微信帐号', '微信号码', 'wechat', 'wechat id', 'wechatid', 'weixin', 'wxid', 'wx', 'wechat account'],
  email: ['邮箱', '电子邮箱', '邮件', '电子邮件', '邮箱地址', '电子邮件地址', 'email', 'e-mail', 'mail', 'email address', 'e-mail address'],
  gender: ['性别', 'gender', 'sex'],
  birthYear: ['出生年份', '出生年', '出生日期', '生日', '出生年月', '出生年月日', 'birth year', 'year of birth', 'birthday', 'date of birth', 'dob', 'birthdate'],
  ageBand: ['年龄段', '年龄', '年龄层', '年龄区间', 'age', 'age band', 'age group', 'age range'],
  city: ['城市', '所在城市', '所在地', '所在地区', '地区', '常住城市', '居住城市', '居住地', '城市地区', 'city', 'location', 'region', 'town'],
  occupation: ['职业', '工作', '行业', '职位', '岗位', '从事行业', 'occupation', 'job', 'profession', 'job title', 'industry', 'title'],
  interests: ['兴趣', '爱好', '兴趣爱好', '感兴趣的', '兴趣方向', 'interests', 'interest', 'hobbies', 'hobby'],
  source: ['来源', '渠道', '来源渠道', '获客渠道', '加入渠道', '入群渠道', '用户来源', 'source', 'channel', 'lead source', 'referral source'],
  joinedOn: ['入群时间', '入群日期', '加入时间', '加入日期', '报名日期', '报名时间', '注册时间', '注册日期', '入会时间', '入会日期', '进群时间', 'joined', 'join date', 'joined at', 'joined on', 'date joined', 'member since', 'registered', 'registration date', 'signup date', 'sign up date', 'joined date'],
  inviter: ['邀请人', '推荐人', '介绍人', '邀请者', '推荐者', '拉新人', '邀请人昵称', 'inviter', 'referrer', 'referred by', 'invited by', 'referral'],
  stage: ['阶段', '生命周期', '用户阶段', '成员阶段', '会员阶段', '生命周期阶段', 'stage', 'lifecycle', 'lifecycle stage'],
  tags: ['标签', '用户标签', '成员标签', '会员标签', 'tags', 'tag', 'labels', 'label'],
  notes: ['备注', '说明', '附注', '备忘', '备注信息', 'notes', 'note', 'remark', 'remarks', 'comment', 'comments', 'memo'],
  group: ['群', '社群', '微信群', '微信群名', '所在微信群', 'QQ群', '群名', '群名称', '所在群', '所属群', '所属社群', '社群名称', '群聊', '群聊名称', 'group', 'group name', 'community', 'chat group'],
  role: ['角色', '群角色', '身份', '群身份', '群内身份', '职务', 'role', 'group role', 'member role'],
};

/**
 * The comparable form of a header: width folded, lower case, bracketed remarks dropped ("手机号（必填）"),
 * spaces and punctuation removed ("E-mail" = "email", "Phone Number" = "phonenumber").
 */
export function headerKey(header: string): string {
  const text = foldWidth(stripInvisible(header), 'all').toLowerCase();
  const withoutRemarks = text.replace(/[([{【〔][^)\]}】〕]*[)\]}】〕]/g, '');
  const key = (withoutRemarks.trim() === '' ? text : withoutRemarks).replace(/[\s\p{P}\p{S}]/gu, '');
  return key;
}

/** Words that mean something else inside longer headers: 身份证号 is an ID card number, Course Title a course. */
const EXACT_ONLY = new Set(['身份', 'title']);
const EXACT = new Map<string, MemberImportField>();
const CONTAINED: { key: string; field: MemberImportField }[] = [];
for (const [field, words] of Object.entries(HEADER_SYNONYMS) as [MemberImportField, string[]][]) {
  for (const word of words) {
    const key = headerKey(word);
    if (!EXACT.has(key)) EXACT.set(key, field);
    // Only distinctive words may match inside a longer header: one Chinese character or a short Latin
    // word ("tel" in "hotel") would match far too much.
    const latin = /^[a-z0-9]+$/.test(key);
    if (EXACT_ONLY.has(key)) continue;
    if ((latin && key.length >= 5) || (!latin && key.length >= 2)) CONTAINED.push({ key, field });
  }
}
// Longest first, so "微信昵称" inside a header beats "微信".
CONTAINED.sort((a, b) => b.key.length - a.key.length);

export interface HeaderMatch {
  field: MemberImportField;
  /** The whole header is a known word, rather than containing one. */
  exact: boolean;
}

/** The member field a header names, if any. */
export function matchHeader(header: string): HeaderMatch | null {
  const key = headerKey(header);
  if (key === '') return null;
  const exact = EXACT.get(key);
  if (exact) return { field: exact, exact: true };
  // A long cell is a sentence (a note or title row), not a header that happens to contain a word.
  if (key.length > 16) return null;
  const contained = CONTAINED.find((entry) => key.includes(entry.key));
  return contained ? { field: contained.field, exact: false } : null;
}
