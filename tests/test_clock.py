"""Clock: the pinned today and the end of a day used for "as recorded by" reads."""

from datetime import UTC, date, datetime

from tracker import clock


def test_today_is_the_pinned_date():
    assert clock.today() == date(2026, 11, 23)


def test_end_of_a_day_is_after_its_last_second_and_before_the_next_day():
    end = clock.end_of(date(2026, 10, 31))
    assert datetime(2026, 10, 31, 23, 59, 59) < end < datetime(2026, 11, 1)


def test_a_uk_day_follows_summer_time():
    # 23:30 UTC is 00:30 the next day in British Summer Time, the same day in winter.
    assert clock.uk_day(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert clock.uk_day(datetime(2026, 12, 30, 23, 30, tzinfo=UTC)) == date(2026, 12, 30)
    assert clock.uk_day(date(2026, 6, 30)) == date(2026, 6, 30)
