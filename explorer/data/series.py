"""Time series for one-step-ahead forecasting, and the windowing that turns a series into examples.

The lecture notes' first topic: a model sees a window of the last ``window`` values
(x_{t-window+1} .. x_t) and predicts the next one, x_{t+1}. Sources: a sine, a sum of sines with
noise, an AR(p) process, two real series shipped inside statsmodels (yearly sunspot numbers
1700-2008 and monthly Mauna Loa CO2 1958-2001; no download at run time), or a CSV the user uploads.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.data.upload import decode_utf8, remembered
from explorer.errors import InputError

SOURCES = ("sine", "sines_noise", "ar", "sunspots", "co2", "csv")
AR_COEFFICIENTS = (
    0.6,
    -0.3,
    0.2,
)  # a stationary AR(3): all roots of 1 - 0.6z + 0.3z^2 - 0.2z^3 outside |z| = 1
MAX_CSV_BYTES = 1024 * 1024
MIN_WINDOWS = 40  # fewer training examples than this cannot say anything about a model
# "1,5" is one and a half where the comma is the decimal mark; a whole row of such numbers in a
# comma-separated file ("1,5" or "1,5,2,25") is the ambiguous case that gets an explanation
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
DECIMAL_ROW = re.compile(r"[+-]?\d+,\d+(,[+-]?\d+,\d+)*")
SEPARATORS = ";\t|"  # besides the comma


def sine(n: int, period: float = 40.0, phase: float = 0.0) -> np.ndarray:
    t = np.arange(n)
    return np.sin(2 * np.pi * t / period + phase)


def sines_with_noise(n: int, seed: int, noise: float = 0.15) -> np.ndarray:
    """sin(2πt/50) + 0.5 sin(2πt/23 + φ1) + 0.3 sin(2πt/11 + φ2) + N(0, noise²)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    phases = rng.uniform(0, 2 * np.pi, size=2)
    clean = (
        np.sin(2 * np.pi * t / 50)
        + 0.5 * np.sin(2 * np.pi * t / 23 + phases[0])
        + 0.3 * np.sin(2 * np.pi * t / 11 + phases[1])
    )
    return clean + noise * rng.standard_normal(n)


def ar_process(
    n: int, seed: int, coefficients=AR_COEFFICIENTS, noise: float = 1.0, burn_in: int = 200
) -> np.ndarray:
    """x_t = φ1 x_{t-1} + ... + φp x_{t-p} + ε_t, ε_t ~ N(0, noise²), started from zeros and burnt in."""
    rng = np.random.default_rng(seed)
    phi = np.asarray(coefficients, dtype=float)
    p = len(phi)
    x = np.zeros(n + burn_in + p)
    eps = noise * rng.standard_normal(len(x))
    for t in range(p, len(x)):
        x[t] = phi @ x[t - p : t][::-1] + eps[t]
    return x[-n:]


def sunspots() -> np.ndarray:
    """Yearly mean sunspot numbers 1700-2008 (309 values), shipped in statsmodels."""
    from statsmodels.datasets import sunspots as data

    return data.load_pandas().data["SUNACTIVITY"].to_numpy(dtype=float)


def co2() -> np.ndarray:
    """Mauna Loa CO2 (ppm), weekly 1958-2001 in statsmodels, averaged to 526 months; 5 empty months interpolated."""
    from statsmodels.datasets import co2 as data

    weekly = data.load_pandas().data["co2"]
    return weekly.resample("MS").mean().interpolate().to_numpy(dtype=float)


def make_series(source: str, seed: int = 0, n: int = 600) -> np.ndarray:
    """A built-in series by name (``csv`` comes from ``csv_column`` instead)."""
    if source == "sine":
        return sine(n)
    if source == "sines_noise":
        return sines_with_noise(n, seed)
    if source == "ar":
        return ar_process(n, seed)
    if source == "sunspots":
        return sunspots()
    if source == "co2":
        return co2()
    raise ValueError(f"unknown series {source!r}; choose from {', '.join(SOURCES[:-1])}")


# --- CSV upload ------------------------------------------------------------------------------


def read_csv(data: bytes) -> pd.DataFrame:
    """Parse an uploaded CSV (header row expected); explain why a file cannot be used.

    A file that uses the decimal comma ("1,5") with ";" (or tab or "|") between columns is read
    as such; with "," between columns it is ambiguous and refused with an explanation. Each
    distinct file is parsed once (``remembered``): the frame returned must not be modified.
    """
    if not data:
        raise InputError("upload.empty")
    if len(data) > MAX_CSV_BYTES:
        raise InputError("upload.too_big", limit_mb=MAX_CSV_BYTES // (1024 * 1024))
    return _parse_csv(data)


def _separator(lines: list[str]) -> str:
    """ ";", tab or "|" when every line holds it equally often (a comma may then be the decimal
    mark), else what ``csv.Sniffer`` finds, else ","."""
    for separator in SEPARATORS:
        counts = {line.count(separator) for line in lines if line.strip()}
        if len(counts) == 1 and counts != {0}:
            return separator
    try:
        return csv.Sniffer().sniff("\n".join(lines)[:4096], delimiters="," + SEPARATORS).delimiter
    except csv.Error:
        return ","  # one column, or nothing to sniff from


def _check_row_widths(text: str, separator: str) -> None:
    """Refuse rows with more cells than the header has names (pandas would silently turn the
    first cells into an index): most often "1,5" written with a decimal comma."""
    rows = csv.reader(io.StringIO(text), delimiter=separator)
    header = next(rows, [])
    for number, row in enumerate(rows, start=2):
        if len(row) > len(header):
            cell = separator.join(row)
            if separator == "," and DECIMAL_ROW.fullmatch(cell.replace(" ", "")):
                raise InputError("train.csv_decimal_comma", row=number, value=cell[:30])
            cell = cell[:30]
            raise InputError(
                "train.csv_ragged", row=number, cells=len(row), names=len(header), value=cell
            )


@remembered(size=8)
def _parse_csv(data: bytes) -> pd.DataFrame:
    text = decode_utf8(data)
    text = text.rstrip() + "\n"  # blank lines inside count as missing values, not at the end
    lines = text.splitlines()[:200]
    separator = _separator(lines)
    decimal = "," if separator != "," and DECIMAL_COMMA.search("\n".join(lines[1:])) else "."
    try:
        _check_row_widths(text, separator)
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            decimal=decimal,
            skip_blank_lines=False,
            keep_default_na=False,
            na_values=[""],  # only empty cells are missing; "n/a" is reported as not a number
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as error:
        if isinstance(error, InputError):
            raise
        raise InputError("train.csv_unreadable", detail=str(error).splitlines()[0][:120]) from error
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise InputError("train.csv_no_rows")
    frame.columns = [str(c) for c in frame.columns]
    return frame


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """Columns where most values are numbers: the natural choices for the series."""
    good = []
    for column in frame.columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.notna().mean() >= 0.5:
            good.append(column)
    return good


def csv_column(frame: pd.DataFrame, column: str, window: int) -> np.ndarray:
    """The chosen column as floats, or an ``InputError`` that names the first bad row.

    Row numbers are the spreadsheet's: the header is row 1, the first value row 2.
    """
    if column not in frame.columns:
        raise InputError("train.csv_no_column", column=column)
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce")
    missing = raw.isna()
    non_numeric = values.isna() & ~missing
    if non_numeric.any():
        first = int(np.flatnonzero(non_numeric.to_numpy())[0])
        raise InputError(
            "train.csv_non_numeric",
            column=column,
            row=first + 2,
            value=str(raw.iloc[first])[:30],
            count=int(non_numeric.sum()),
        )
    if missing.any():
        first = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError("train.csv_nan", column=column, count=int(missing.sum()), row=first + 2)
    series = values.to_numpy(dtype=float)
    if not np.isfinite(series).all():
        raise InputError("train.csv_infinite", column=column)
    needed = minimum_length(window)
    if len(series) < needed:
        raise InputError(
            "train.csv_too_few", column=column, rows=len(series), needed=needed, window=window
        )
    if series.min() == series.max():  # (np.std would overflow near ±1e300)
        raise InputError("train.csv_constant", column=column)
    return series


# --- windowing -------------------------------------------------------------------------------


def minimum_length(window: int) -> int:
    """Rows needed for MIN_WINDOWS training windows plus a validation tail of a fifth."""
    return int(np.ceil((MIN_WINDOWS + window) / 0.8)) + 1


def make_windows(series: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """X[i] = series[i : i + window], y[i] = series[i + window]: (N, window) and (N,)."""
    series = np.asarray(series, dtype=float)
    n = len(series) - window
    if n < 1:
        raise InputError(
            "train.csv_too_few", column="", rows=len(series), needed=window + 1, window=window
        )
    index = np.arange(window)[None, :] + np.arange(n)[:, None]
    return series[index], series[window:]


@dataclass
class ForecastData:
    """A series split in time: the first 80 % trains, the rest validates (no shuffling across the cut).

    Values are standardised with the training part's mean and std, so losses are in units of the
    series' own variance: predicting the training mean scores about 1.
    """

    series: np.ndarray  # standardised, (N,)
    mean: float
    std: float
    split: int  # index of the first validation target
    window: int

    @classmethod
    def build(cls, series: np.ndarray, window: int) -> ForecastData:
        series = np.asarray(series, dtype=float)
        if len(series) < minimum_length(window):
            raise InputError(
                "train.csv_too_few",
                column="",
                rows=len(series),
                needed=minimum_length(window),
                window=window,
            )
        split = int(len(series) * 0.8)
        # Standardise in units of the largest |value| first: with values near ±1e300 the plain
        # mean and variance overflow to inf and every standardised value would become NaN.
        scale = float(np.abs(series).max()) or 1.0
        scaled = series / scale
        mean, std = float(scaled[:split].mean()), float(scaled[:split].std()) or 1.0
        standardised = (scaled - mean) / std
        if not np.isfinite(standardised).all() or not np.isfinite(scale * std):
            raise InputError("train.csv_extreme", column="")
        return cls(standardised, mean * scale, std * scale, split, window)

    def train_windows(self) -> tuple[np.ndarray, np.ndarray]:
        return make_windows(self.series[: self.split], self.window)

    def val_windows(self) -> tuple[np.ndarray, np.ndarray]:
        """Windows whose target lies after the split (their inputs may reach back into training)."""
        return make_windows(self.series[self.split - self.window :], self.window)
