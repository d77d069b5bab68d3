"""File bytes → a table of text cells indexed by file row number; refuses files it cannot trust."""

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from tracker.errors import ImportRejected, RowError
from tracker.importers.excel import check_sheet, hidden_problems, open_book, sheet_rows

MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""Refuse larger files before parsing: 1,000,000 data points take about 35 MB of CSV."""

PROGRESS_EVERY = 5_000
"""Rows between progress reports while reading a workbook (about a tenth of a second each)."""

Progress = Callable[[int], None]
"""Told how many rows have been read so far."""

_CELL_ROW = re.compile(r"\d+")


SAVE_AS_CSV = "save it from Excel as CSV UTF-8 (Comma delimited)"
"""How to get a file the reader can read, ending every encoding complaint."""

UTF16_SNIFF_BYTES = 64
"""Bytes looked at to spot UTF-16 without a byte order mark: the header's first 32 letters."""

_MARKS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
"""Byte order marks, the codec of the bytes after each, and the name a user knows it by."""

_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
"""Control characters other than tab and line breaks, which no one types into a spreadsheet, and
the replacement character that stands for a byte undefined in Windows-1252."""


def _row_at(data: bytes, offset: int, codec: str) -> int:
    """Return the file row (CR, LF or CRLF ends a row) holding the byte at `offset`."""
    before = data[:offset].decode(codec, errors="replace")
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _encoding_error(row: int, reason: str) -> ImportRejected:
    return ImportRejected([RowError(row, "file", f"{reason}; {SAVE_AS_CSV}")])


def _decode_marked(data: bytes, codec: str, name: str) -> str:
    """Return text in an encoding a mark (or zero bytes) named; refuse bytes that break it."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise _encoding_error(
            _row_at(data, err.start, codec),
            f"the file is marked as {name} but its bytes on this row are not {name} text",
        ) from None


def _unmarked_utf16(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when the file starts like ASCII text in UTF-16, else None.

    In UTF-16 every ASCII letter of the header has a zero byte beside it, on one side only.
    """
    sample = data[: min(len(data), UTF16_SNIFF_BYTES) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """Return the text of an uploaded file: UTF-8, UTF-16 or Windows-1252; refuse other bytes.

    A byte order mark decides the encoding. Without one: UTF-16 is told by its zero bytes, then
    UTF-8 is tried, then Windows-1252, which is what Excel on Windows saves "CSV" as (£ is byte
    0xA3, not UTF-8). Bytes undefined in Windows-1252, or control characters, mean the file is
    not text at all (a renamed workbook or image), and the first such byte is named with its row.
    """
    for mark, codec, name in _MARKS:
        if data.startswith(mark):
            return _decode_marked(data[len(mark) :], codec, name)
    utf16 = _unmarked_utf16(data)
    if utf16 is not None:
        return _decode_marked(data, utf16, "UTF-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Bytes undefined in Windows-1252 become U+FFFD, so the first byte that is not text is found
    # whether it is undefined or a control character.
    text = data.decode("cp1252", errors="replace")
    not_text = _NOT_TEXT.search(text)
    if not_text is None:
        return text
    offset = not_text.start()  # one byte per character in Windows-1252
    raise _encoding_error(
        _row_at(data, offset, "cp1252"),
        f"byte 0x{data[offset]:02X} is not text in UTF-8, UTF-16 or Windows-1252 "
        "(is this a CSV file?)",
    )


def check_size(size: int, name: str) -> None:
    """Refuse a file larger than MAX_IMPORT_BYTES before reading it."""
    if size > MAX_IMPORT_BYTES:
        raise ImportRejected(
            [
                RowError(
                    0,
                    "file",
                    f"{name} is {size / 1024 / 1024:.0f} MB; the limit is "
                    f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split it into smaller files "
                    "(for example one per year).",
                )
            ]
        )


def _check_header(names: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in names]
    unknown = [h for h in names if h not in required + optional]
    repeated = sorted({h for h in names if h and names.count(h) > 1})
    errors = (
        [
            RowError(1, c, f"missing column {c!r}; the header must be {','.join(required)}")
            for c in missing
        ]
        + [
            RowError(
                1,
                h or "(blank)",
                f"unknown column {h!r}; allowed: {', '.join(required + optional)}",
            )
            for h in unknown
        ]
        + [RowError(1, h, f"column {h!r} appears more than once") for h in repeated]
    )
    if errors:
        raise ImportRejected(errors)


def _table(
    rows: list[list[str]], numbers: list[int], names: list[str], optional: tuple[str, ...]
) -> pd.DataFrame:
    """Return the data rows as a DataFrame of stripped text, indexed by file row number."""
    table = pd.DataFrame(rows, columns=names, index=pd.Index(numbers), dtype=object)
    return _stripped(table.fillna("").astype(str), optional)


def _stripped(table: pd.DataFrame, optional: tuple[str, ...]) -> pd.DataFrame:
    """Return the cells stripped, without rows of empty cells, optional columns added (empty),
    indexed by file row number."""
    for column in table.columns:
        table[column] = table[column].str.strip()
    table = table[(table != "").any(axis=1)] if len(table.columns) else table
    table.index.name = "row"
    for column in optional:
        if column not in table:
            table[column] = ""
    return table


_TAB = "\t"
"""Excel's "Unicode text" separates cells with tabs; a header without a comma but with a tab."""

_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
"""A quoted value from its opening quote to its closing one; a quote inside is written twice."""

_REMEDY = "add the closing quote, or remove the opening one"

_TWICE = '("12"" screens")'
"""How a quote inside a quoted value is written, shown in the reasons below."""


class _Lines:
    """The text's lines (ended by CR, LF or CRLF) for csv.reader, keeping the current record's."""

    def __init__(self, text: str) -> None:
        # newline="" splits at CR, LF and CRLF and keeps each ending for the csv module to see.
        self._lines = io.StringIO(text, newline="")
        self._read: list[str] = []
        self.finished = False

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            self.finished = True
            raise StopIteration
        self._read.append(line)
        return line

    def take(self) -> str:
        """Return the raw text read since the last call: the record just read, as in the file."""
        raw = "".join(self._read)
        self._read.clear()
        return raw


_LINE = re.compile(r"[^\r\n]+")
"""A line's text, without its ending; found one at a time, so a large file is not copied."""


def _delimiter(text: str) -> str:
    """Return the separator of the text's cells, judged by its first line that is not blank."""
    header = next((m.group() for m in _LINE.finditer(text) if m.group().strip()), "")
    return _TAB if _TAB in header and "," not in header else ","


@cache
def _unquoted(delimiter: str) -> re.Pattern[str]:
    """Return the pattern of an unquoted value: anything up to a separator, line end or quote."""
    return re.compile(f'[^"\\r\\n{re.escape(delimiter)}]*')


def _plain(raw: str, position: int, delimiter: str) -> str:
    """Return the unquoted text starting at `position` (perhaps empty)."""
    match = _unquoted(delimiter).match(raw, position)
    assert match is not None  # the pattern matches the empty string
    return match.group()


def _unclosed(finished: bool) -> str:
    """Return the reason for a quote still open where reading stopped (at the end, or the limit)."""
    if finished:
        return (
            'opens a quote (") that is never closed, so the rest of the file would be read into '
            f"this value; {_REMEDY}"
        )
    return (
        f'opens a quote (") that is not closed within {csv.field_size_limit():,} characters, so '
        f"the rows after it would be read into this value; {_REMEDY}"
    )


def _quoting_problem(raw: str, delimiter: str, finished: bool) -> tuple[int, str] | None:
    """Return (cell index, reason) of a record's first badly quoted value, or None if all are good.

    `raw` is the record as in the file; `finished` says whether reading it reached the file's end.
    A value is either wholly quoted or holds no quote: a quote anywhere else makes its meaning
    a guess, so it is refused rather than read one way or the other.
    """
    ends = (delimiter, "\r", "\n")
    position = index = 0
    while True:
        if raw.startswith('"', position):
            quoted = _QUOTED.match(raw, position)
            if quoted is None:
                return index, _unclosed(finished)
            position = quoted.end()
            if position < len(raw) and raw[position] not in ends:
                if "\n" in quoted.group() or "\r" in quoted.group():
                    return index, (
                        'opens a quote (") that is not closed on its row, so the rows after it '
                        f"would be read into this value; {_REMEDY}"
                    )
                after = _plain(raw, position, delimiter)
                if not after.strip() and not raw.startswith('"', position + len(after)):
                    return index, "there is a space after the closing quote; remove it"
                return index, (
                    "this value has text after its closing quote; inside a quoted value write a "
                    f"quote twice {_TWICE}"
                )
        else:
            unquoted = _plain(raw, position, delimiter)
            position += len(unquoted)
            if raw.startswith('"', position):
                if not unquoted.strip():
                    return index, (
                        "there is a space before the opening quote; remove it (a quoted value "
                        "must start with its quote)"
                    )
                return index, (
                    'this value has a quote (") but does not start with one; put the whole value '
                    f"in quotes and write the quote inside twice {_TWICE}, or remove it"
                )
        if position >= len(raw) or raw[position] != delimiter:
            return None
        position += 1
        index += 1


def _column(header: list[str] | None, index: int) -> str:
    """Return the name of cell `index` of a row, as the header names it."""
    if header is None:
        return "header"
    if index >= len(header):
        return "(extra)"
    return header[index] or "(blank)"


def _cell_count(row: int, cells: int, header: list[str]) -> RowError:
    if cells > len(header):
        return RowError(
            row,
            "(extra)",
            f"has {cells} cells but the header has {len(header)}; a comma inside a value must be "
            'quoted ("1,234") and decimals use a full stop (12.5)',
        )
    return RowError(
        row,
        header[cells],
        f"has {cells} cells but the header has {len(header)}; give every column a cell, even an "
        "empty one (a comma for each)",
    )


def _unreadable(row: int, lines: _Lines, delimiter: str, header: list[str] | None) -> RowError:
    """Return the error for a record the strict csv reader refused, naming the value at fault."""
    problem = _quoting_problem(lines.take(), delimiter, lines.finished)
    if problem is None:
        # Strict reading refuses only bad quoting, which the scan names, and over-long values.
        return RowError(
            row,
            "(row)",
            f"a value in this row is longer than {csv.field_size_limit():,} characters; shorten it",
        )
    index, reason = problem
    return RowError(row, _column(header, index), reason)


def _plain_table(text: str, delimiter: str, header: list[str]) -> pd.DataFrame | None:
    """Return the data rows of a plain file (see _fast_table), read by pyarrow's CSV parser (a
    hundred times faster than csv.reader); None when its reading would be a guess.

    No value runs over a line, so the data row on line k (after the header on line 1) is file
    row k. pyarrow gives a blank line a row of empty cells, keeping the count, and refuses a
    line with more or fewer cells than the header: the strict reader then names it.
    """
    try:
        data = text.encode("utf-8")
        found = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeEncodeError):
        return None
    if _longest_line(data) > csv.field_size_limit():
        return None  # perhaps a value longer than the strict reader takes: it names the row
    table = found.to_pandas()  # pyarrow strings stay pyarrow strings: no copy
    table.index = pd.RangeIndex(2, 2 + found.num_rows)
    return table


def _longest_line(data: bytes) -> int:
    """Return the bytes in the longest line of UTF-8 text (at least its characters), counted
    with numpy: a value is never longer than its line."""
    byte = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero((byte == ord("\n")) | (byte == ord("\r")))
    bounds = np.concatenate(([-1], ends, [len(data)]))
    return int(np.diff(bounds).max()) - 1


_FIRST_LINE = re.compile(r"[^\r\n]*")

_LINE_END = re.compile(r"[\r\n]")


def _quoted_lines(text: str) -> Iterator[str]:
    """Yield each line that holds a quote (found from the quotes, so other lines cost nothing)."""
    at = text.find('"')
    while at != -1:
        start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
        end = _LINE_END.search(text, at)
        stop = len(text) if end is None else end.start()
        yield text[start:stop]
        at = text.find('"', stop)


def _fast_table(
    text: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> pd.DataFrame | None:
    """Return the table of a plain file read fast, or None for the strict reader to read (and
    name what is wrong). Plain: no NUL, the header on line 1 without quotes, and every quote in
    a value that is wholly quoted and ends on its line (as Excel writes a note with a comma)."""
    if "\x00" in text:
        return None
    delimiter = _delimiter(text)
    line = _FIRST_LINE.match(text)
    assert line is not None  # the pattern matches the empty string
    header = [h.strip().lower() for h in line.group().split(delimiter)]
    if not any(header) or '"' in line.group():
        return None
    if any(_quoting_problem(q, delimiter, finished=False) for q in _quoted_lines(text)):
        return None
    _check_header(header, required, optional)
    cells = _plain_table(text, delimiter, header)
    if cells is None:
        return None
    return _stripped(cells, optional)


def read_csv_table(text: str, required: tuple[str, ...], optional: tuple[str, ...]) -> pd.DataFrame:
    """Return the CSV as a DataFrame of text indexed by file row number; reject a bad file.

    Row numbers are the lines a spreadsheet shows (the header is row 1; CR, LF and CRLF each end
    a line), blank lines are skipped, and cells are separated by commas (by tabs when the header
    has tabs and no comma, as in Excel's "Unicode text"). Refused, naming row and column: a
    quote that never closes, a value with a quote that it does not start with or text after its
    closing quote, and a row with more or fewer cells than the header. Reading stops at the first
    quote that never closes, since every row after it is in doubt.
    """
    if not text.strip():
        raise ImportRejected([RowError(1, "file", "the file is empty; it needs a header row")])
    fast = _fast_table(text, required, optional)
    if fast is not None:
        return fast
    delimiter = _delimiter(text)
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    errors: list[RowError] = []
    start = 1
    while True:
        try:
            record = next(reader, None)
        except csv.Error:
            errors.append(_unreadable(start, lines, delimiter, header))
            break
        if record is None:
            break
        row_number, start = start, reader.line_num + 1
        raw = lines.take()
        if not any(cell.strip() for cell in record):
            continue
        problem = (
            _quoting_problem(raw, delimiter, lines.finished)
            if any('"' in cell for cell in record)
            else None
        )
        if problem is not None:
            errors.append(RowError(row_number, _column(header, problem[0]), problem[1]))
            if header is None:
                break  # without a header no later row can be read
            continue
        if header is None:
            header = [h.strip().lower() for h in record]
            _check_header(header, required, optional)
            continue
        if len(record) != len(header):
            errors.append(_cell_count(row_number, len(record), header))
            continue
        rows.append(record)
        numbers.append(row_number)
    if errors:
        raise ImportRejected(errors, source="import")
    if header is None:
        raise ImportRejected([RowError(1, "file", "the file has no header row, only empty cells")])
    return _table(rows, numbers, header, optional)


def _cell_text(value: object, number_format: str) -> str:
    """Return a workbook cell as the text a CSV would hold (dates ISO, numbers without padding)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in number_format:
            # Excel keeps 74.5% as 0.745; say so rather than import a value 100 times too small.
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).lower()


def choose_sheet(names: list[str], wanted: str) -> str:
    """Return the sheet holding the data: the only sheet, or the one named `wanted`; else reject."""
    if len(names) == 1:
        return names[0]
    matches = [n for n in names if _sheet_key(n) == _sheet_key(wanted)]
    if len(matches) == 1:
        return matches[0]
    listed = ", ".join(f"'{n}'" for n in names)
    raise ImportRejected(
        [
            RowError(
                0,
                "sheet",
                f"the workbook has {len(names)} sheets ({listed}); put the data on one sheet "
                f"named '{wanted}' (other sheets are then ignored) or save a workbook with "
                "only that sheet",
            )
        ]
    )


def read_xlsx_table(
    data: bytes,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    sheet_name: str,
    on_progress: Progress | None = None,
) -> pd.DataFrame:
    """Return the workbook's data sheet as a DataFrame of text indexed by sheet row number.

    The data is on the only sheet, or on the sheet called `sheet_name` (spaces, underscores and
    case ignored). Merged cells are refused, naming the range: they hide which row a value is
    for. Formulas give their last calculated value.
    """
    book, archive = open_book(data)
    try:
        chosen = choose_sheet(book.sheetnames, sheet_name)
        sheet = book[chosen]
        scan = check_sheet(archive, sheet)
        if scan.merged:
            raise ImportRejected(
                [
                    RowError(
                        int(_CELL_ROW.search(ref).group()),  # type: ignore[union-attr]
                        ref,
                        f"cells {ref} on sheet '{chosen}' are merged; unmerge them so that "
                        "every row has its own value in every cell",
                    )
                    for ref in scan.merged
                ]
            )
        header: list[str] | None = None
        rows: list[list[str]] = []
        numbers: list[int] = []
        for number, read in sheet_rows(sheet, archive):
            if on_progress is not None and number % PROGRESS_EVERY == 0:
                on_progress(number)
            try:
                cells = [_cell_text(c.value, getattr(c, "number_format", "")) for c in read]
            except IndexError:
                # openpyxl looks each cell's format up in the workbook's list by number.
                raise ImportRejected(
                    [
                        RowError(
                            number,
                            "(row)",
                            "a cell in this row uses a format that the workbook does not "
                            "define; open the workbook in Excel and save it again",
                        )
                    ]
                ) from None
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                while header and header[-1] == "":
                    header.pop()
                _check_header(header, required, optional)
                continue
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:
                raise ImportRejected(
                    [RowError(number, "(extra)", "has a value in a column with no header")]
                )
            cells = cells[: len(header)]
            rows.append(cells + [""] * (len(header) - len(cells)))
            numbers.append(number)
        hidden = hidden_problems(scan, zip(numbers, rows, strict=True))
        if hidden:
            raise ImportRejected(hidden)
    finally:
        book.close()
        archive.close()
    if header is None:
        raise ImportRejected(
            [RowError(1, "file", f"sheet '{chosen}' is empty; it needs a header row")]
        )
    return _table(rows, numbers, header, optional)


def is_workbook(name: str) -> bool:
    """Return True when a file name says it is an Excel workbook (.xlsx)."""
    return name.lower().endswith(".xlsx")
