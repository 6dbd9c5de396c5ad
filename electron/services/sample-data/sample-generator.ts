import type { MembershipRole } from '../../../shared/domain/member.ts';
import {
  AGE_BANDS,
  CITIES,
  COMMON_GIVEN_FEMALE,
  COMMON_GIVEN_MALE,
  EMAIL_DOMAINS,
  GIVEN_CHARS_FEMALE,
  GIVEN_CHARS_MALE,
  INTERESTS,
  LATIN_NICKNAMES,
  MOBILE_PREFIXES,
  NICKNAME_DECORATIONS,
  NICKNAME_PREFIXES,
  OCCUPATIONS,
  SOURCES,
  SURNAMES,
  TAG_NAMES,
} from './sample-lists.ts';

/** Deterministic PRNG (mulberry32): the same seed gives the same members on every machine. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): (random: number) => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, weight] of entries) {
    sum += weight;
    cumulative.push(sum);
  }
  return (random) => {
    const target = random * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return (entries[low] ?? entries[0])?.[0] as T;
  };
}

const pickSurname = weighted(SURNAMES);
const pickCity = weighted(CITIES);
const pickSource = weighted(SOURCES);
const pickStage = weighted([
  ['new', 40],
  ['potential', 30],
  ['loyal', 20],
  ['churned', 10],
] as const);

function pick<T>(list: ReadonlyArray<T>, random: number): T {
  return list[Math.floor(random * list.length)] as T;
}

function pickChar(chars: string, random: number): string {
  return chars[Math.floor(random * chars.length)] ?? '';
}

/** One generated member: column-ready values (the generator adds ids, keys and timestamps). */
export interface SampleMember {
  displayName: string;
  realName: string;
  nickname: string | null;
  gender: 'male' | 'female' | 'unknown' | null;
  phone: string | null;
  wechatId: string | null;
  email: string | null;
  birthYear: number | null;
  ageBand: string | null;
  city: string | null;
  occupation: string | null;
  interests: string | null;
  source: string;
  joinedOn: string;
  stage: string;
  /** Index (0-based, in generation order) of the inviter, always an earlier member. */
  inviterIndex: number | null;
  tags: number[];
  memberships: Array<{ group: number; role: MembershipRole; nickname: string | null; joinedOn: string; leftOn: string | null }>;
}

export interface SampleShape {
  count: number;
  seed: number;
  groupCount: number;
  /** Today (YYYY-MM-DD): members joined over the three years before it. */
  today: string;
}

const DAY_MS = 86_400_000;

const dayNames = new Map<number, string>();

/** YYYY-MM-DD of a UTC time (memoised per day: Date formatting is slow and days repeat a lot). */
function isoDay(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(day, name);
  }
  return name;
}

/**
 * Makes member i of a sample of `count`. Realistic on purpose: weighted surnames and common given
 * names (many 张伟 and 王芳), 5% without phone, WeChat IDs for most, e-mail for some, inviter chains
 * (a few super-inviters and many small ones), and about 0.5% second records of an earlier person
 * (same name with a similar phone or the same WeChat ID in other letters) for the duplicate finder.
 */
export class SampleMemberFactory {
  private readonly random: () => number;
  private readonly shape: SampleShape;
  private readonly startMs: number;
  private readonly spanMs: number;
  private readonly superInviters: number;
  /** Phones and names of earlier members, for the duplicates (kept for a window, not all). */
  private readonly recent: Array<{ name: string; phoneTail: string | null; wechat: string | null; gender: SampleMember['gender'] }> = [];
  private readonly phoneOffset: number;

  constructor(shape: SampleShape) {
    this.shape = shape;
    this.random = randomSource(shape.seed);
    const todayMs = Date.parse(`${shape.today}T00:00:00Z`);
    this.spanMs = 3 * 365 * DAY_MS;
    this.startMs = todayMs - this.spanMs;
    this.superInviters = Math.max(5, Math.floor(shape.count * 0.002));
    this.phoneOffset = Math.floor(this.random() * 100_000_000);
  }

  private phoneTail(index: number): string {
    // A bijection on 0..10^8-1 (48271 is coprime with 10^8): every member gets a different tail.
    const tail = (index * 48_271 + this.phoneOffset) % 100_000_000;
    return String(tail).padStart(8, '0');
  }

  make(index: number): SampleMember {
    const r = this.random;
    const duplicateOf = index > 50 && r() < 0.005 ? this.recent[Math.floor(r() * this.recent.length)] : undefined;
    const gender: SampleMember['gender'] = duplicateOf?.gender ?? (r() < 0.03 ? (r() < 0.5 ? 'unknown' : null) : r() < 0.55 ? 'female' : 'male');
    const female = gender === 'female' || (gender !== 'male' && r() < 0.5);
    let realName: string;
    if (duplicateOf !== undefined) realName = duplicateOf.name;
    else {
      const surname = pickSurname(r());
      let given: string;
      const style = r();
      if (style < 0.3) given = pick(female ? COMMON_GIVEN_FEMALE : COMMON_GIVEN_MALE, r());
      else if (style < 0.55) given = pickChar(female ? GIVEN_CHARS_FEMALE : GIVEN_CHARS_MALE, r());
      else given = pickChar(female ? GIVEN_CHARS_FEMALE : GIVEN_CHARS_MALE, r()) + pickChar(female ? GIVEN_CHARS_FEMALE : GIVEN_CHARS_MALE, r());
      realName = surname + given;
    }
    const given = [...realName].slice(-1)[0] ?? '';
    const nicknameStyle = r();
    const nickname =
      nicknameStyle < 0.25
        ? `${pick(NICKNAME_PREFIXES, r())}${given}${pick(NICKNAME_DECORATIONS, r())}`
        : nicknameStyle < 0.4
          ? `${pick(LATIN_NICKNAMES, r())}${pick(NICKNAME_DECORATIONS, r())}`
          : nicknameStyle < 0.5
            ? `${realName}${pick(['', '-', '_'], r())}${pick(INTERESTS, r())}`
            : null;

    let phone: string | null = null;
    if (duplicateOf !== undefined && duplicateOf.phoneTail !== null && r() < 0.7) {
      phone = `${pick(MOBILE_PREFIXES, r())}${duplicateOf.phoneTail}`;
    } else if (r() < 0.95) {
      phone = `${pick(MOBILE_PREFIXES, r())}${this.phoneTail(index)}`;
    }
    const ascii = (index % 2 === 0 ? 'wx' : 'u') + index.toString(36);
    let wechatId: string | null = null;
    if (duplicateOf !== undefined && duplicateOf.wechat !== null && phone === null) wechatId = duplicateOf.wechat.toUpperCase();
    else if (r() < 0.7) wechatId = r() < 0.5 ? `wxid_${ascii}${Math.floor(r() * 1000)}` : `${pick(LATIN_NICKNAMES, r()).toLowerCase()}_${ascii}`;
    const email = r() < 0.25 ? `${ascii}${Math.floor(r() * 100)}@${pick(EMAIL_DOMAINS, r())}` : null;

    const joinedMs = this.startMs + Math.floor((index / Math.max(1, this.shape.count)) * this.spanMs) + Math.floor((r() - 0.5) * 20 * DAY_MS);
    const joinedOn = isoDay(Math.min(joinedMs, this.startMs + this.spanMs));
    const birthYear = r() < 0.6 ? 1960 + Math.floor(r() * 48) : null;
    const ageBand = birthYear === null && r() < 0.4 ? pick(AGE_BANDS, r()) : null;

    let inviterIndex: number | null = null;
    if (index >= 10 && r() < 0.3) {
      inviterIndex = r() < 0.4 ? Math.floor(r() * Math.min(this.superInviters, index)) : Math.max(0, index - 1 - Math.floor(r() * Math.min(5_000, index)));
    }

    const tagCount = ((x) => (x < 0.35 ? 0 : x < 0.7 ? 1 : x < 0.9 ? 2 : 3))(r());
    const tags: number[] = [];
    for (let t = 0; t < tagCount; t += 1) {
      const tag = Math.floor(r() * TAG_NAMES.length);
      if (!tags.includes(tag)) tags.push(tag);
    }

    const memberships: SampleMember['memberships'] = [];
    const groups = this.shape.groupCount;
    if (groups > 0) {
      // The first members own the groups, one each; everyone else joins one group or two.
      const first = index < groups ? index : Math.floor(r() * r() * groups);
      const second = index >= groups && r() < 0.3 ? Math.floor(r() * groups) : first;
      for (const group of second === first ? [first] : [first, second]) {
        const roll = r();
        const role: MembershipRole = index < groups ? 'owner' : roll < 0.002 ? 'admin' : roll < 0.005 ? 'moderator' : roll < 0.015 ? 'volunteer' : 'member';
        const groupJoinedMs = Date.parse(`${joinedOn}T00:00:00Z`) + Math.floor(r() * 30) * DAY_MS;
        const joined = isoDay(Math.min(groupJoinedMs, this.startMs + this.spanMs));
        const leftOn = role === 'member' && r() < 0.06 ? isoDay(Math.min(groupJoinedMs + Math.floor(30 + r() * 300) * DAY_MS, this.startMs + this.spanMs)) : null;
        memberships.push({ group, role, nickname: r() < 0.3 ? nickname : null, joinedOn: joined, leftOn });
      }
    }

    if (duplicateOf === undefined) {
      const entry = { name: realName, phoneTail: phone === null ? null : phone.slice(-8), wechat: wechatId, gender };
      if (this.recent.length < 2_000) this.recent.push(entry);
      else this.recent[Math.floor(r() * this.recent.length)] = entry;
    }

    return {
      displayName: realName,
      realName,
      nickname,
      gender,
      phone,
      wechatId,
      email,
      birthYear,
      ageBand,
      city: r() < 0.92 ? pickCity(r()) : null,
      occupation: r() < 0.7 ? pick(OCCUPATIONS, r()) : null,
      interests: r() < 0.5 ? `${pick(INTERESTS, r())}、${pick(INTERESTS, r())}` : null,
      source: pickSource(r()),
      joinedOn,
      stage: pickStage(r()),
      inviterIndex,
      tags,
      memberships,
    };
  }
}
