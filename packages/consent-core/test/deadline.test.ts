import { describe, expect, it } from 'vitest';
import { dateInShanghai, defaultCalendar, workingDayDeadline } from '../src/index.js';

// Expected dates worked out by hand from the State Council notices for 2025 (国办发明电〔2024〕12号)
// and 2026 (gov.cn 202511/content_7047091): 春节 2026-02-15…23 off with 02-14 and 02-28 worked,
// 国庆 2025 10-01…08 off with 09-28 and 10-11 worked, 国庆 2026 10-01…07 off with 09-20 and 10-10 worked.
describe('working-day deadlines', () => {
  it('skips the Spring Festival and counts its make-up Saturdays', () => {
    const deadline = workingDayDeadline({ from: '2026-02-10', workingDays: 15 });
    expect(deadline).toMatchObject({ due: '2026-03-09', provisional: false, convention: 'starts-next-day' });
  });

  it('skips National Day week in 2025 and 2026', () => {
    expect(workingDayDeadline({ from: '2025-09-26', workingDays: 15 }).due).toBe('2025-10-23');
    expect(workingDayDeadline({ from: '2026-09-25', workingDays: 15 }).due).toBe('2026-10-22');
  });

  it('counts a make-up Saturday as a working day', () => {
    // 2026-02-13 is a Friday; the next working day is the make-up Saturday 02-14.
    expect(workingDayDeadline({ from: '2026-02-13', workingDays: 1 }).due).toBe('2026-02-14');
    expect(defaultCalendar().isWorkingDay('2026-02-16')).toBe(false);
  });

  it('refuses to count into a year without a published notice', () => {
    expect(() => workingDayDeadline({ from: '2026-12-20', workingDays: 15 })).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NOT_PUBLISHED' }),
    );
  });

  it('flags the conservative provisional date when asked for one', () => {
    const deadline = workingDayDeadline({ from: '2026-12-20', workingDays: 15, allowProvisional: true });
    expect(deadline).toMatchObject({ due: '2027-01-08', provisional: true, provisionalFrom: '2027-01-01' });
    expect(deadline.provisionalRule).toMatch(/earliest/);
  });

  it('stays inside the calendar when the period ends before the new year', () => {
    expect(workingDayDeadline({ from: '2026-12-01', workingDays: 5 })).toMatchObject({
      due: '2026-12-08',
      provisional: false,
    });
  });

  it('rejects impossible dates and periods', () => {
    expect(() => workingDayDeadline({ from: '2026-02-30', workingDays: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => workingDayDeadline({ from: '2026-02-03', workingDays: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('takes the day in Beijing, not in UTC', () => {
    // 17:30 UTC on 9 Feb is already 10 Feb in Beijing.
    expect(dateInShanghai(new Date('2026-02-09T17:30:00Z'))).toBe('2026-02-10');
    expect(dateInShanghai(new Date('2026-02-09T15:59:59Z'))).toBe('2026-02-09');
  });
});
