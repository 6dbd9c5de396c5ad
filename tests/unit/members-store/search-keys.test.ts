import { describe, expect, it } from 'vitest';
import { nameKeys, spell } from '../../../electron/services/members/search-keys.ts';

describe('pinyin search keys', () => {
  it('spells names in pinyin run together, with initials', () => {
    expect(spell('张伟')).toEqual({ full: 'zhangwei', initials: 'zw' });
    expect(spell('欧阳娜娜')).toEqual({ full: 'ouyangnana', initials: 'oynn' });
    expect(spell('吕小绿')).toEqual({ full: 'lvxiaolv', initials: 'lxl' });
  });

  it('reads the first character as a surname (曾, 单, 解 ...)', () => {
    expect(spell('曾小贤').full).toBe('zengxiaoxian');
    expect(spell('单田芳').full).toBe('shantianfang');
    expect(spell('小曾').full).toBe('xiaoceng');
  });

  it('keeps ASCII words and digits, lower-cased, and drops emoji and punctuation', () => {
    expect(spell('Yogi 0')).toEqual({ full: 'yogi0', initials: 'y0' });
    expect(spell('Amy🌸张')).toEqual({ full: 'amyzhang', initials: 'az' });
    expect(spell('🌸✨')).toEqual({ full: '', initials: '' });
  });

  it('computes the member columns: display name keys, other names as extra keys without repeats', () => {
    expect(nameKeys('张伟', ['张伟', '伟哥', null])).toEqual({ namePinyin: 'zhangwei', nameInitials: 'zw', searchExtra: 'weige wg' });
    expect(nameKeys('张伟', [null, null, '老张\n伟哥'])).toEqual({ namePinyin: 'zhangwei', nameInitials: 'zw', searchExtra: 'laozhang lz weige wg' });
    expect(nameKeys('Amy', [null, 'amy', null]).searchExtra).toBeNull();
  });
});
