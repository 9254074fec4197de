from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from generator.dates import DateError, date_line, is_zone, parse_date, parse_time, resolve_zone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-03-14", date(2016, 3, 14)),
        ("14/03/2016", date(2016, 3, 14)),
        ("14 March 2016", date(2016, 3, 14)),
        ("Monday 14 March 2016", date(2016, 3, 14)),
        ("Mon, 14 Mar 2016", date(2016, 3, 14)),
        ("March 14, 2016", date(2016, 3, 14)),
        ("14th March 2016", date(2016, 3, 14)),
        ("Dienstag, 27. August 2024", date(2024, 8, 27)),
        ("wtorek, 27 sierpnia 2024", date(2024, 8, 27)),
        ("Środa, 28 sierpnia 2024", date(2024, 8, 28)),
        ("Saturday 19 March 2016", date(2016, 3, 19)),
        ("27.08.2024", date(2024, 8, 27)),
    ],
)
def test_dates_as_printed(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31 February 2016", "2016-13-01", "yesterday", "14 Smarch 2016"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_an_impossible_date_says_so() -> None:
    with pytest.raises(DateError, match="impossible date '31 February 2016': day is out"):
        parse_date("31 February 2016")


def test_date_lines() -> None:
    """A line that is wholly a date, after an optional weekday; another word before the
    date makes it no date line; an impossible date is an error either way."""
    assert date_line("Monday, 14 March 2016") == date(2016, 3, 14)
    assert date_line("Since 14 March 2016") is None
    assert date_line("Reported 14 March 2016, updated later the same day") is None
    for text in ("Monday 30 February 2011", "Since 30 February 2011", "2011-02-30"):
        with pytest.raises(DateError, match="impossible date"):
            date_line(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:15", time(18, 15)),
        ("6.15pm", time(18, 15)),
        ("12.31 Uhr", time(12, 31)),
        ("12:05am", time(0, 5)),
        ("0:00", time(0, 0)),
        ("18:15:30", time(18, 15, 30)),
        ("18:15:30.25", time(18, 15, 30, 250000)),
        ("6:15:05 pm", time(18, 15, 5)),
    ],
)
def test_times(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text", ["25:61", "24:00", "13:00pm", "18", "18:5", "18:15:60", "18.15.30", "18:15:3"]
)
def test_impossible_times(text: str) -> None:
    with pytest.raises(DateError):
        parse_time(text)


def test_zones() -> None:
    assert resolve_zone("GMT").utcoffset(None) == timedelta(0)
    assert resolve_zone("bst").utcoffset(None) == timedelta(hours=1)
    assert resolve_zone("MSK").utcoffset(None) == timedelta(hours=3)
    assert resolve_zone("EDT").utcoffset(None) == timedelta(hours=-4)
    assert resolve_zone("UTC+5:30").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert str(resolve_zone("Europe/Moscow")) == "Europe/Moscow"
    assert str(resolve_zone("ET")) == "America/New_York"
    with pytest.raises(DateError, match="unknown timezone"):
        resolve_zone("Mars/Olympus")
    for offset in ("UTC+15", "+03:60", "GMT-20"):  # no place on Earth is further off
        with pytest.raises(DateError, match="out of range"):
            resolve_zone(offset)


@pytest.mark.parametrize("name", ["Singapore", "Japan", "Israel", "Zulu", "PRC", "GB"])
def test_iana_names_without_a_slash_where_a_zone_is_declared(name: str) -> None:
    assert str(resolve_zone(name)) == name  # timezone: Singapore
    assert not is_zone(name)  # printed after a time: "18:15 Israel strikes ..." is a headline


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "Europe", "../x", "/etc/x"])
def test_files_and_folders_of_the_zone_database_are_no_zone(name: str) -> None:
    with pytest.raises(DateError, match="unknown timezone"):
        resolve_zone(name)  # "localtime" would make the pages depend on the machine
