"""Clock: the pinned today and the end of a day used for "as recorded by" reads."""

from datetime import date, datetime

from tracker import clock


def test_today_is_the_pinned_date():
    assert clock.today() == date(2026, 11, 23)


def test_end_of_a_day_is_after_its_last_second_and_before_the_next_day():
    end = clock.end_of(date(2026, 10, 31))
    assert datetime(2026, 10, 31, 23, 59, 59) < end < datetime(2026, 11, 1)
