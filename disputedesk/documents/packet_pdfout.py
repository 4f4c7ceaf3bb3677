"""A PDF written page by page, so a packet's memory never holds more than one exhibit.

pypdf's PdfWriter keeps every object of every merged file in memory until `write()`. Here the
pages of each source (a stamped exhibit, the front matter) are copied with their resources and
written to the file at once; only the cross-reference offsets stay in memory. The objects are
pypdf's own, serialised by pypdf; only the bookkeeping (numbers, page tree, outline) is ours.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    create_string_object,
)

_CATALOG, _PAGES = 1, 2
# Keys that tie a page to its old document; the page tree and article beads are rebuilt.
_DROP_PAGE_KEYS = {"/Parent", "/B", "/StructParents"}
_STAMP = "DDPacketStamp"  # resource name of the stamp form; unlikely in any source file


@dataclass
class OutlineItem:
    title: str
    page_index: int  # 0-based index in the output
    children: list[OutlineItem] = field(default_factory=list)


class StreamingPdf:
    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._offsets: dict[int, int] = {}
        self._next = 3
        self._kids: list[int] = []
        self._shared: dict[tuple[int, int, int], int] = {}
        self._shared_ids: set[int] = set()
        self._q_num: int | None = None
        fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self._kids)

    def _alloc(self) -> int:
        num = self._next
        self._next += 1
        return num

    def _write(self, num: int, obj: PdfObject) -> None:
        self._offsets[num] = self._fh.tell()
        self._fh.write(f"{num} 0 obj\n".encode())
        obj.write_to_stream(self._fh)
        self._fh.write(b"\nendobj\n")

    def share(self, pdf) -> None:
        """Objects of this source (the stamps' overlay) are written once for all pages."""
        self._shared_ids.add(id(pdf))

    def add_pages(self, pages: Iterable[PageObject], stamps: list | None = None) -> None:
        """Copy pages (all from one document) and everything they use, writing as we go.

        `stamps[i]`, if given, is (form XObject, matrix) drawn over page i.
        """
        pages = list(pages)
        mapping: dict[tuple[int, int, int], int] = {}
        page_nums = []
        for page in pages:
            num = self._alloc()
            ref = page.indirect_reference
            if ref is not None:  # links and annotations pointing at this page keep working
                mapping[(id(ref.pdf), ref.idnum, ref.generation)] = num
            page_nums.append(num)
        reserved = set(page_nums)
        queue: list[tuple[IndirectObject, int]] = []
        for i, (page, num) in enumerate(zip(pages, page_nums, strict=True)):
            stamp = stamps[i] if stamps else None
            skip = {"/Contents", "/Resources"} if stamp else set()
            copied = self._copy_dict(page, mapping, queue, is_page=True, skip=skip)
            if stamp:
                self._stamp(page, copied, stamp, mapping, queue)
            self._write(num, copied)
            self._kids.append(num)
            self._drain(queue, mapping, reserved)

    def _stamp(self, page, copied, stamp, mapping, queue) -> None:
        form, matrix = stamp
        contents = ArrayObject([self._q_stream()])
        source = page.get("/Contents")
        resolved = source.get_object() if source is not None else None
        if isinstance(resolved, ArrayObject):
            contents += [self._copy(x, mapping, queue) for x in resolved]
        elif resolved is not None:
            contents.append(self._copy(source, mapping, queue))
        tail = DecodedStreamObject()
        cm = " ".join(f"{float(x):.6f}".rstrip("0").rstrip(".") or "0" for x in matrix)
        tail.set_data(f"Q\nq {cm} cm /{_STAMP} Do Q\n".encode())
        contents.append(self._copy(tail, mapping, queue))
        copied[NameObject("/Contents")] = contents
        res_src = page.get("/Resources")
        res = res_src.get_object() if res_src is not None else None
        resources = (
            self._copy_dict(res, mapping, queue, is_page=False)
            if isinstance(res, DictionaryObject)
            else DictionaryObject()
        )
        xo_src = res.get("/XObject") if isinstance(res, DictionaryObject) else None
        xo = xo_src.get_object() if xo_src is not None else None
        xobjects = (
            self._copy_dict(xo, mapping, queue, is_page=False)
            if isinstance(xo, DictionaryObject)
            else DictionaryObject()
        )
        xobjects[NameObject(f"/{_STAMP}")] = self._copy(form, mapping, queue)
        resources[NameObject("/XObject")] = xobjects
        copied[NameObject("/Resources")] = resources

    def _q_stream(self) -> IndirectObject:
        if self._q_num is None:
            self._q_num = self._alloc()
            q = DecodedStreamObject()
            q.set_data(b"q\n")
            self._write(self._q_num, q)
        return IndirectObject(self._q_num, 0, None)

    def _drain(self, queue, mapping, reserved) -> None:
        while queue:
            ref, num = queue.pop()
            if num in reserved:
                continue
            try:
                obj = ref.get_object()
            except Exception:  # a dangling reference in the source: null, as readers do
                obj = None
            if obj is None:
                self._write(num, NullObject())
                continue
            self._write(num, self._copy(obj, mapping, queue, top=True))

    def _copy(self, obj, mapping, queue, top: bool = False):
        if isinstance(obj, IndirectObject):
            key = (id(obj.pdf), obj.idnum, obj.generation)
            if id(obj.pdf) in self._shared_ids:
                mapping = self._shared
            num = mapping.get(key)
            if num is None:
                num = self._alloc()
                mapping[key] = num
                queue.append((obj, num))
            return IndirectObject(num, 0, None)
        if isinstance(obj, StreamObject):
            copied = self._copy_stream(obj, mapping, queue)
            if top:
                return copied
            num = self._alloc()  # a stream must be an indirect object
            self._write(num, copied)
            return IndirectObject(num, 0, None)
        if isinstance(obj, DictionaryObject):
            is_page = obj.get("/Type") == "/Page"
            return self._copy_dict(obj, mapping, queue, is_page=is_page)
        if isinstance(obj, ArrayObject):
            return ArrayObject(self._copy(x, mapping, queue) for x in obj)
        return obj

    def _copy_dict(self, obj, mapping, queue, *, is_page: bool, skip=()) -> DictionaryObject:
        out = DictionaryObject()
        for key, value in obj.items():
            if (is_page and key in _DROP_PAGE_KEYS) or key in skip:
                continue
            out[NameObject(key)] = self._copy(value, mapping, queue)
        if is_page:
            out[NameObject("/Parent")] = IndirectObject(_PAGES, 0, None)
        return out

    def _copy_stream(self, obj: StreamObject, mapping, queue) -> StreamObject:
        if isinstance(obj, ContentStream):
            # A content stream rewritten by pypdf (stamped): serialise and compress it again.
            fresh = DecodedStreamObject()
            fresh.set_data(obj.get_data())
            skip = {"/Filter", "/DecodeParms", "/Length"}
            for key, value in obj.items():
                if key not in skip:
                    fresh[NameObject(key)] = self._copy(value, mapping, queue)
            return fresh.flate_encode()
        out = obj.__class__()
        out._data = obj._data  # still encoded as in the source: copied byte for byte
        for key, value in obj.items():
            if key != "/Length":
                out[NameObject(key)] = self._copy(value, mapping, queue)
        return out

    def close(self, *, title: str, outline: list[OutlineItem], author: str = "") -> None:
        """Write the page tree, outline, catalogue, cross-reference table and trailer."""
        kids = ArrayObject(IndirectObject(n, 0, None) for n in self._kids)
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): kids,
                NameObject("/Count"): NumberObject(len(self._kids)),
            }
        )
        self._write(_PAGES, pages)
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): IndirectObject(_PAGES, 0, None),
            }
        )
        if outline:
            catalog[NameObject("/Outlines")] = self._write_outline(outline)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        self._write(_CATALOG, catalog)
        info_num = self._alloc()
        now = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
        info = DictionaryObject(
            {
                NameObject("/Title"): create_string_object(title),
                NameObject("/Producer"): create_string_object("DisputeDesk"),
                NameObject("/Creator"): create_string_object("DisputeDesk"),
                NameObject("/CreationDate"): create_string_object(now),
            }
        )
        if author:
            info[NameObject("/Author")] = create_string_object(author)
        self._write(info_num, info)
        for num in range(3, self._next):  # every number handed out must exist
            if num not in self._offsets:
                self._write(num, NullObject())
        xref_at = self._fh.tell()
        size = self._next
        lines = [f"xref\n0 {size}\n", "0000000000 65535 f \n"]
        for num in range(1, size):
            lines.append(f"{self._offsets[num]:010d} 00000 n \n")
        self._fh.write("".join(lines).encode())
        file_id = os.urandom(16).hex()
        self._fh.write(
            (
                f"trailer\n<< /Size {size} /Root {_CATALOG} 0 R /Info {info_num} 0 R "
                f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref_at}\n%%EOF\n"
            ).encode()
        )

    def _write_outline(self, items: list[OutlineItem]) -> IndirectObject:
        root_num = self._alloc()
        first, last, _top = self._write_level(items, root_num)
        count = len(items) + sum(len(i.children) for i in items)
        root = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
        root[NameObject("/First")] = IndirectObject(first, 0, None)
        root[NameObject("/Last")] = IndirectObject(last, 0, None)
        root[NameObject("/Count")] = NumberObject(count)
        self._write(root_num, root)
        return IndirectObject(root_num, 0, None)

    def _write_level(self, items: list[OutlineItem], parent: int) -> tuple[int, int, int]:
        nums = [self._alloc() for _ in items]
        total = len(items)
        for i, (item, num) in enumerate(zip(items, nums, strict=True)):
            d = DictionaryObject()
            d[NameObject("/Title")] = TextStringObject(item.title)
            d[NameObject("/Parent")] = IndirectObject(parent, 0, None)
            page = self._kids[item.page_index]
            d[NameObject("/Dest")] = ArrayObject(
                [IndirectObject(page, 0, None), NameObject("/Fit")]
            )
            if i > 0:
                d[NameObject("/Prev")] = IndirectObject(nums[i - 1], 0, None)
            if i + 1 < len(nums):
                d[NameObject("/Next")] = IndirectObject(nums[i + 1], 0, None)
            if item.children:
                first, last, _count = self._write_level(item.children, num)
                d[NameObject("/First")] = IndirectObject(first, 0, None)
                d[NameObject("/Last")] = IndirectObject(last, 0, None)
                d[NameObject("/Count")] = NumberObject(len(item.children))  # shown open
            self._write(num, d)
        return nums[0], nums[-1], total
