"""Import in the browser: upload, preview of every row, confirm; and the template files to fill in."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from clusterdesk.auth.permissions import actor_of, require_manager
from clusterdesk.errors import NotFoundError, ValidationFailed
from clusterdesk.registry import import_preview
from clusterdesk.registry.import_columns import COLUMNS, KIND_LABELS, REQUIRED
from clusterdesk.registry.labels import MEMBERSHIP_ROLE_LABELS, ORGANIZATION_KIND_LABELS
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
UPLOADS = "imports"  # under the data directory: files waiting for the user's confirmation
MAX_BYTES = 50 * 1024 * 1024
TOKEN = re.compile(r"^[0-9a-f]{32}$")
EXAMPLES: dict[str, list[str]] = {
    "organizations": [
        "Микран",
        "АО «Научно-производственная фирма «Микран»",
        "Предприятие",
        "",
        "",
        "26.30",
        "НПФ Микран",
        "Томская область",
        "Томск",
        "https://www.micran.ru",
        "",
        "Томский инновационный кластер",
        "Якорный участник",
        "01.01.2026",
    ],
    "people": ["Иванов Иван Иванович", "", "", "", "Директор по развитию"],
    "posts": ["Иванов Иван Иванович", "Микран", "", "директор по развитию", "01.02.2026", ""],
}


def _kind(value: str) -> str:
    if value not in COLUMNS:
        raise NotFoundError(f"Нет импорта «{value}»: выберите организации, людей или должности")
    return value


def _uploads(request: Request) -> Path:
    folder = Path(request.app.state.settings.data_dir) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(request: Request, user: object, status_code: int = 200, **context: object) -> Response:
    base = {"user": user, "section": "registry-upkeep", "tab": "import", "KIND_LABELS": KIND_LABELS}
    return render(request, "registry/upkeep/import.html", {**base, **context}, status_code=status_code)


@router.get("/registry/import")
def import_page(request: Request, user: WebUser, kind: str = "organizations", done: str = "") -> Response:
    require_manager(user, "импортировать данные реестра")
    kind = kind if kind in COLUMNS else "organizations"
    return _page(request, user, kind=kind, columns=COLUMNS[kind], required=REQUIRED[kind], flash=done or None)


@router.post("/registry/import/preview")
async def preview_upload(
    request: Request,
    session: SessionDep,
    user: WebUser,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()] = "organizations",
) -> Response:
    require_manager(user, "импортировать данные реестра")
    kind = _kind(kind)
    content = await file.read(MAX_BYTES + 1)
    filename = Path(file.filename or "файл.csv").name
    if len(content) > MAX_BYTES:
        raise ValidationFailed([], message=f"{filename}: файл больше {MAX_BYTES // 1024 // 1024} МБ")
    preview = import_preview.preview_import(session=session, kind=kind, content=content, filename=filename)
    token = secrets.token_hex(16)
    if not preview.errors:  # kept until confirmed; a file with errors has nothing to confirm
        (_uploads(request) / f"{token}.upload").write_bytes(content)
    status = 422 if preview.errors else 200
    return _page(
        request,
        user,
        status,
        kind=kind,
        columns=COLUMNS[kind],
        required=REQUIRED[kind],
        preview=preview,
        token=token,
    )


@router.post("/registry/import/apply")
def apply_upload(
    request: Request,
    session: SessionDep,
    user: WebUser,
    token: Annotated[str, Form()],
    filename: Annotated[str, Form(max_length=300)],
    kind: Annotated[str, Form()] = "organizations",
) -> Response:
    user = require_manager(user, "импортировать данные реестра")
    kind = _kind(kind)
    path = _uploads(request) / f"{token}.upload"
    if not TOKEN.match(token) or not path.exists():
        raise NotFoundError("Загруженный файл не найден (уже применён или устарел) — загрузите его ещё раз")
    content = path.read_bytes()
    try:
        result = import_preview.apply_import(
            session=session, actor=actor_of(user), kind=kind, content=content, filename=filename
        )
    except ValidationFailed:
        session.rollback()
        preview = import_preview.preview_import(
            session=session, kind=kind, content=content, filename=filename
        )
        return _page(
            request,
            user,
            422,
            kind=kind,
            columns=COLUMNS[kind],
            required=REQUIRED[kind],
            preview=preview,
            token=token,
        )
    path.unlink(missing_ok=True)
    done = (
        f"Импорт «{filename}» применён: создано {len(result.create)}, изменено {len(result.update)}, "
        f"без изменений {len(result.unchanged)}"
    )
    return RedirectResponse(f"/registry/import?kind={kind}&done={quote(done)}", status_code=303)


def template_xlsx(kind: str) -> bytes:
    """An empty table with the Russian headers, one example row and a sheet of allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = KIND_LABELS[kind]
    sheet.append(list(COLUMNS[kind].values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    sheet.append(EXAMPLES[kind])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
        for cell in column:
            cell.number_format = "@"  # identifiers and dates stay as typed
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("Справка")
    help_sheet.append(["Обязательные столбцы", ", ".join(COLUMNS[kind][f] for f in REQUIRED[kind])])
    help_sheet.append(["Списки (ОКВЭД2, другие названия)", "через «;»"])
    help_sheet.append(["Даты", "ДД.ММ.ГГГГ"])
    if kind == "organizations":
        help_sheet.append(["Тип", "; ".join(ORGANIZATION_KIND_LABELS.values())])
        help_sheet.append(["Роль в кластере", "; ".join(MEMBERSHIP_ROLE_LABELS.values())])
        help_sheet.append(["Совпадение", "по ИНН, затем ОГРН, затем полному наименованию"])
    help_sheet.column_dimensions["A"].width = 34
    help_sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@router.get("/registry/import/template/{kind}.xlsx")
def download_template(kind: str) -> Response:
    body = template_xlsx(_kind(kind))
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{kind}-template.xlsx"'},
    )
