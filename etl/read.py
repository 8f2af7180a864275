"""File → Document (text with page and line positions): one reader per format; never interprets."""

from __future__ import annotations

import codecs
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import charset_normalizer

from etl.document import Document
from etl.errors import ReadError

# Caps keep one odd file from stalling a 10,000-file build; real reports are far below them.
MAX_TEXT_BYTES = 30 * 1024 * 1024
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_PART_BYTES = 300 * 1024 * 1024
# Encoding is decided on a sample so a huge text file costs one decode, not one detection per byte.
SAMPLE_BYTES = 64 * 1024

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".xlsx", ".pdf", ".html", ".htm")
SUPPORTED_TEXT = "支持的格式：" + "、".join(SUPPORTED_SUFFIXES)

# Formats we recognise but cannot read, with what the user should do instead.
RESAVE_ADVICE: dict[str, str] = {
    ".doc": "旧版 Word 格式（.doc）无法读取，请在 Word 中另存为 .docx",
    ".dot": "Word 模板（.dot）无法读取，请另存为 .docx",
    ".wps": "WPS 文字格式（.wps）无法读取，请在 WPS 中另存为 .docx",
    ".rtf": "RTF 格式无法读取，请另存为 .docx",
    ".odt": "OpenDocument 文本（.odt）无法读取，请另存为 .docx",
    ".xls": "旧版 Excel 格式（.xls）无法读取，请在 Excel 中另存为 .xlsx",
    ".et": "WPS 表格格式（.et）无法读取，请在 WPS 中另存为 .xlsx",
    ".ods": "OpenDocument 表格（.ods）无法读取，请另存为 .xlsx",
    ".xlsm": "启用宏的 Excel 文件（.xlsm）请另存为 .xlsx",
    ".xlsb": "Excel 二进制工作簿（.xlsb）无法读取，请另存为 .xlsx",
    ".ofd": "OFD 版式文件无法读取，请导出为 PDF",
    ".ppt": "演示文稿无法读取，请提供文字版 PDF 或 Word",
    ".pptx": "演示文稿无法读取，请提供文字版 PDF 或 Word",
    ".zip": "压缩包无法直接读取，请解压后放入报告文件",
    ".rar": "压缩包无法直接读取，请解压后放入报告文件",
    ".7z": "压缩包无法直接读取，请解压后放入报告文件",
}
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".heic"})
IMAGE_ADVICE = "图片文件没有文字层，请提供文字版 PDF 或 Word"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
IMAGE_MAGICS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
# Office writes an encrypted .docx/.xlsx as an OLE container holding this stream (name in UTF-16LE).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_document(path: str | Path) -> Document:
    """Read a report file of any supported format; every failure is a ReadError with a Chinese reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        raise ReadError(str(path), IMAGE_ADVICE)
    data = _read_bytes(path, suffix)
    fmt, warnings = _real_format(path, suffix, data)
    try:
        document = READERS[fmt](path, data)
    except ReadError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise ReadError(str(path), f"文件结构过深或过大，无法读取（{type(exc).__name__}）") from exc
    except Exception as exc:  # a damaged file must become a ReadError, never stop the whole build
        raise ReadError(str(path), f"文件已损坏，无法读取（{type(exc).__name__}: {exc}）") from exc
    document.warnings[:0] = warnings
    return document


def _read_bytes(path: Path, suffix: str) -> bytes:
    """The file's bytes, refusing what is missing, unreadable or beyond the size caps."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReadError(str(path), "这是一个文件夹，不是报告文件")
        cap = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES else MAX_FILE_BYTES
        if size > cap:
            raise ReadError(str(path), f"文件过大（{_mb(size)}），超过上限 {_mb(cap)}")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(str(path), "文件不存在") from exc
    except PermissionError as exc:
        raise ReadError(str(path), "没有读取权限") from exc
    except OSError as exc:
        raise ReadError(str(path), f"无法打开文件（{exc.strerror or exc}）") from exc


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _real_format(path: Path, suffix: str, data: bytes) -> tuple[str, list[str]]:
    """The format to read the bytes as, judged by magic bytes first and suffix second, plus any warning."""
    sniffed = _sniff(data)
    if sniffed == "image":
        raise ReadError(str(path), IMAGE_ADVICE)
    if sniffed == "ole":
        raise ReadError(str(path), _ole_reason(suffix, data))
    if sniffed == "zip":
        sniffed = _zip_kind(path, suffix, data)
    if sniffed in {"pdf", "docx", "xlsx"}:
        expected = SUFFIX_FORMATS.get(suffix)
        if expected == sniffed:
            return sniffed, []
        real = sniffed.upper()
        return sniffed, [f"文件扩展名为 {suffix or '（无）'}，实际是 {real} 文件，已按 {real} 读取"]
    if suffix in RESAVE_ADVICE and _looks_like_html(data):
        # Many sites publish web pages named .doc/.xls; they are HTML underneath.
        return "html", [f"文件扩展名为 {suffix}，实际是网页（HTML），已按网页读取"]
    if suffix in RESAVE_ADVICE:
        raise ReadError(str(path), RESAVE_ADVICE[suffix])
    if suffix in SUFFIX_FORMATS:
        if suffix in {".docx", ".xlsx", ".pdf"}:
            raise ReadError(str(path), _damaged_reason(suffix, data))
        return SUFFIX_FORMATS[suffix], []
    raise ReadError(str(path), f"不支持的文件格式（{suffix or '无扩展名'}）；{SUPPORTED_TEXT}")


def _sniff(data: bytes) -> str | None:
    """The container a file really is, from its first bytes."""
    head = data[:1024]
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(IMAGE_MAGICS) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    return None


def _zip_kind(path: Path, suffix: str, data: bytes) -> str:
    """Which Office format a zip holds; other zips are refused."""
    import io

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(str(path), _damaged_reason(suffix, data)) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if suffix in {".docx", ".xlsx"}:
        raise ReadError(str(path), _damaged_reason(suffix, data))
    if suffix in RESAVE_ADVICE:
        raise ReadError(str(path), RESAVE_ADVICE[suffix])
    raise ReadError(str(path), f"这是一个压缩包，不是 Word 或 Excel 文件；{SUPPORTED_TEXT}")


def _ole_reason(suffix: str, data: bytes) -> str:
    """Why an OLE container (old Office binary, or an encrypted new one) cannot be read."""
    if ENCRYPTED_PACKAGE in data:
        return "文件受密码保护（已加密），请在 Office/WPS 中取消密码后另存再放入"
    if suffix in {".xls", ".xlsx", ".et"}:
        return RESAVE_ADVICE[".xls"]
    if suffix in RESAVE_ADVICE:
        return RESAVE_ADVICE[suffix]
    return RESAVE_ADVICE[".doc"]


def _damaged_reason(suffix: str, data: bytes) -> str:
    size = "（0 字节）" if not data else ""
    return f"文件已损坏或不是有效的 {suffix}{size}"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:8192].lower()


# --- plain text -------------------------------------------------------------------------------------------------

TEXT_SUFFIXES = frozenset({".txt", ".md"})
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Detector names that mean "some GB encoding"; gb18030 is their superset, so decode with it.
GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"})
WIDE_ENCODINGS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
# Share of control characters above which a "text" file is really binary.
MAX_CONTROL_SHARE = 0.02
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_text(path: Path, data: bytes) -> Document:
    """A .txt/.md file, encoding detected, line endings unified to \\n; characters otherwise as written."""
    if not data.strip():
        raise ReadError(str(path), "文件为空" + ("（0 字节）" if not data else "（只有空白）"))
    text, encoding, bad_bytes = decode_text(path, data)
    _refuse_binary(path, text)
    if not text.strip():
        raise ReadError(str(path), "文件为空（只有空白）")
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    document = Document.from_pages(str(path), fmt, [unify_newlines(text)], encoding)
    if bad_bytes:
        document.warnings.append(f"有 {bad_bytes} 个字节无法按 {encoding} 解码，已替换为 �（文件可能混用了多种编码）")
    return document


def decode_text(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str, int]:
    """(text, encoding, count of undecodable bytes): BOM, else a declared charset, else UTF-8, else the detector."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data[len(bom) :], encoding)
            return text, encoding if bom != codecs.BOM_UTF8 else "utf-8-sig", bad
    sample = _sample(data)
    encoding = declared or _detect_encoding(path, sample)
    text, bad = _decode_counting(data, encoding)
    return text, encoding, bad


def _sample(data: bytes) -> bytes:
    """The first SAMPLE_BYTES, cut after a newline so no multi-byte character is split (the detector hates that)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    sample = data[:SAMPLE_BYTES]
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > SAMPLE_BYTES // 2 else sample


def _detect_encoding(path: Path, sample: bytes) -> str:
    """The encoding of a BOM-less sample; UTF-8 whenever the sample is (almost all) valid UTF-8."""
    if _mostly_utf8(sample):
        return "utf-8"
    wide = _bomless_utf16(sample)
    if wide:
        return wide
    if b"\x00" in sample:
        raise ReadError(str(path), "不是文本文件（含二进制内容）")
    # Without NUL bytes a sample cannot be UTF-16/32, yet the detector sometimes says so for short GBK text.
    best = charset_normalizer.from_bytes(sample, cp_exclusion=WIDE_ENCODINGS).best()
    if best is None:
        raise ReadError(str(path), "不是文本文件（无法识别文字编码）")
    name = codecs.lookup(best.encoding).name.replace("-", "_")
    return "gb18030" if name in GB_FAMILY or best.encoding in GB_FAMILY else codecs.lookup(best.encoding).name


def _mostly_utf8(sample: bytes) -> bool:
    """True when the sample decodes as UTF-8, allowing a few stray bytes (a mixed file that is mostly UTF-8)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors=COUNTING_HANDLER)
    with _counting() as counter:
        text = decoder.decode(sample, final=False)
    if counter.bad == 0:
        return True
    # GBK read as UTF-8 fails on nearly every high byte; a UTF-8 file with a pasted GBK line fails on few.
    multibyte_chars = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return multibyte_chars >= 20 * counter.bad


def _bomless_utf16(sample: bytes) -> str | None:
    """utf-16-le/-be when NUL bytes sit mostly at odd/even positions, as ASCII characters in UTF-16 do."""
    nuls = sample.count(b"\x00")
    if nuls < 4 or len(sample) < 8:
        return None
    even = sample[0::2].count(b"\x00")
    odd = nuls - even
    if odd >= 0.75 * nuls and _decodes(sample, "utf-16-le"):
        return "utf-16-le"
    if even >= 0.75 * nuls and _decodes(sample, "utf-16-be"):
        return "utf-16-be"
    return None


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


class _Counter(threading.local):
    """Undecodable bytes seen by COUNTING_HANDLER in this thread."""

    bad = 0


_COUNTER = _Counter()
COUNTING_HANDLER = "etl-read-count"


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _COUNTER.bad += error.end - error.start
    return "\ufffd", error.end


codecs.register_error(COUNTING_HANDLER, _count_and_replace)


class _counting:
    """Context that resets the per-thread undecodable-byte counter and yields it."""

    def __enter__(self) -> _Counter:
        _COUNTER.bad = 0
        return _COUNTER

    def __exit__(self, *exc: object) -> None:
        return None


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes, and how many bytes were bad."""
    with _counting() as counter:
        text = data.decode(encoding, errors=COUNTING_HANDLER)
    return text, counter.bad


def _refuse_binary(path: Path, text: str) -> None:
    """A decoded file full of control characters or replacement marks is binary junk, not a report."""
    sample = text[:SAMPLE_BYTES]
    controls = len(_CONTROL.findall(sample))
    replaced = sample.count("\ufffd")
    if "\x00" in sample or controls > MAX_CONTROL_SHARE * len(sample) + 2 or replaced > 0.3 * len(sample):
        raise ReadError(str(path), "不是文本文件（含二进制内容）")


def unify_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n, so every line ends the same way whatever system wrote the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# --- registry ---------------------------------------------------------------------------------------------------

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


def _not_yet(path: Path, data: bytes) -> Document:
    raise ReadError(str(path), "该格式的读取尚未实现")


READERS: dict[str, Callable[[Path, bytes], Document]] = {
    "txt": read_text,
    "md": read_text,
    "docx": _not_yet,
    "xlsx": _not_yet,
    "pdf": _not_yet,
    "html": _not_yet,
}
