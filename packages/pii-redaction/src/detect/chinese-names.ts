/** Common single-character surnames (the most frequent of the 百家姓 family names in use today). */
const singleSurnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';

const compoundSurnames = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '宇文',
  '长孙',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '呼延',
];

const SINGLE = 1;
const COMPOUND_FIRST = 2;
const NAME_STOP = 4;
/** Per code unit: surname and name-stop flags, so a name is read without sets or substrings. */
const nameFlags = new Uint8Array(0x10000);
for (const ch of singleSurnames) nameFlags[ch.charCodeAt(0)] = SINGLE;
/** Second characters of compound surnames, keyed by their first character. */
const compoundByFirst = new Map<number, number[]>();
for (const compound of compoundSurnames) {
  const first = compound.charCodeAt(0);
  nameFlags[first] = (nameFlags[first] ?? 0) | COMPOUND_FIRST;
  compoundByFirst.set(first, [...(compoundByFirst.get(first) ?? []), compound.charCodeAt(1)]);
}

/** Length of the surname opening `text` at `at` (2 for compound, 1 for single), 0 if none. */
export function surnameLength(text: string, at: number): number {
  const first = text.charCodeAt(at);
  const flags = nameFlags[first] ?? 0;
  if (flags & COMPOUND_FIRST && compoundByFirst.get(first)?.includes(text.charCodeAt(at + 1))) return 2;
  return flags & SINGLE ? 1 : 0;
}

export function isCjk(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/** Characters that end a name even when they are CJK (particles, honorifics, verbs seen after names). */
for (const ch of '的了在于是和与及已先女等说为被把将向给到从办已通请您您好') {
  nameFlags[ch.charCodeAt(0)] = (nameFlags[ch.charCodeAt(0)] ?? 0) | NAME_STOP;
}

/** A CJK character that may continue a name at `p`. */
function nameChar(text: string, p: number, stopAt: (i: number) => boolean): boolean {
  const c = text.charCodeAt(p);
  return isCjk(c) && ((nameFlags[c] ?? 0) & NAME_STOP) === 0 && !stopAt(p);
}

/**
 * A Chinese name at `at`: known surname then 1-2 given-name characters (up to 3 after a compound
 * surname is not allowed: 4 characters at most), stopping at `stopAt(i)` positions. Length or 0.
 */
export function chineseNameLength(text: string, at: number, stopAt: (i: number) => boolean): number {
  const surname = surnameLength(text, at);
  if (surname === 0) return 0;
  let p = at + surname;
  const maxGiven = 2;
  let given = 0;
  while (given < maxGiven && nameChar(text, p, stopAt)) {
    p++;
    given++;
  }
  if (given === 0) return 0;
  // Three or more CJK characters still following: a phrase, not a name.
  if (given === maxGiven && nameChar(text, p, stopAt)) return 0;
  return p - at;
}
