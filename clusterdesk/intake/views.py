"""Intake pages: the sources list with health, source forms, «проверить сейчас», worker status, add news."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import BackgroundTasks, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from clusterdesk.audit.writes import get_or_404
from clusterdesk.auth.permissions import (
    MANAGING_ROLES,
    READ_ALL_ROLES,
    actor_of,
    require_manager,
    require_reader_of_all,
)
from clusterdesk.errors import DomainError, NotFoundError, ValidationFailed
from clusterdesk.intake import demo_site_views, manual, service, uploads
from clusterdesk.intake.check import check_source
from clusterdesk.intake.labels import FACT_LABELS, HEALTH_LABELS, KIND_LABELS, OUTCOME_LABELS, every_label
from clusterdesk.intake.models import RawDocument, SourceKind, WorkerJob
from clusterdesk.intake.schemas import NewsByText, NewsByUrl, SourceCreate, SourceUpdate
from clusterdesk.news.models import NewsItem
from clusterdesk.registry import service as registry
from clusterdesk.russian import parse_day
from clusterdesk.startup import all_jobs
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import parse, submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
router.include_router(demo_site_views.router)
NAV_ORDER = 75
ADD_SECTION = "intake-add"
NAV = [
    ("Источники", "/sources", "intake", READ_ALL_ROLES),
    ("+ Новость", "/intake/add", ADD_SECTION, MANAGING_ROLES),
]  # a sent link: two clicks
FIELDS = ("name", "url", "kind", "interval_minutes")


def _context(user: Any, **extra: Any) -> dict[str, Any]:
    return {
        "user": user,
        "section": "intake",
        "KINDS": KIND_LABELS,
        "HEALTH": HEALTH_LABELS,
        "OUTCOMES": OUTCOME_LABELS,
        "FACTS": FACT_LABELS,
        **extra,
    }


def _may_manage(user: Any) -> bool:
    try:
        require_manager(user, "")
    except DomainError:
        return False
    return True


@router.get("/sources")
def sources_page(request: Request, session: SessionDep, user: WebUser, saved: int = 0) -> Response:
    require_reader_of_all(user, "смотреть источники новостей")
    sources, _ = service.get_all(session=session)
    context = _context(
        user,
        sources=sources,
        health={s.id: service.health_of(s) for s in sources},
        busy={s.id: service.is_busy(s) for s in sources},
        manager=_may_manage(user),
        flash="Изменения сохранены" if saved else None,
    )
    return render(request, "intake/sources.html", context)


def _text(form: FormData, name: str) -> str:
    """A text field of the form; a file sent under a text field's name counts as empty."""
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: _text(form, k).strip() for k in FIELDS}
    values["is_active"] = form.get("is_active") == "on"
    values["cluster_ids"] = [
        int(v) for v in form.getlist("cluster_ids") if isinstance(v, str) and v.isdigit() and len(v) < 10
    ]
    if not values["name"]:
        values["name"] = None
    if not values["interval_minutes"]:
        values.pop("interval_minutes")
    return values


def _form_page(
    request: Request,
    session: Any,
    user: Any,
    source: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = _context(
        user,
        source=source,
        values=values,
        errors=errors,
        clusters=registry.get_clusters(session=session, page_size=500)[0],
    )
    return render(request, "intake/source_form.html", context, status_code=status_code)


def _problems(exc: DomainError) -> dict[str, str]:
    if isinstance(exc, ValidationFailed):
        return {p.field: p.message for p in exc.problems}
    return {"__all__": exc.message}


@router.get("/sources/new")
def new_source_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    require_manager(user, "добавлять источники новостей")
    values = {"kind": "feed", "interval_minutes": 60, "is_active": True, "cluster_ids": []}
    return _form_page(request, session, user, None, values, {})


@router.post("/sources/new")
async def create_source_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = require_manager(user, "добавлять источники новостей")
    values = _form_values(await request.form())

    def save(data: SourceCreate) -> str:
        source = service.create(session=session, actor=actor_of(user), data=data)
        return f"/sources/{source.id}?saved=1"

    return submit_form(
        session=session,
        model=SourceCreate,
        values=values,
        save=save,
        show=lambda errors, code: _form_page(request, session, user, None, values, errors, code),
    )


@router.get("/sources/worker")
def worker_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    require_reader_of_all(user, "смотреть состояние обработчика")
    records = {j.name: j for j in session.scalars(select(WorkerJob))}
    jobs = [(job, records.get(job.name), every_label(job.every)) for job in all_jobs()]
    sources, _ = service.get_all(session=session)
    busy = [s for s in sources if service.is_busy(s)]
    due = sorted((s for s in sources if s.is_active), key=lambda s: s.next_run_at)[:10]
    return render(request, "intake/worker.html", _context(user, jobs=jobs, busy=busy, due=due))


@router.get("/sources/{source_id}")
def source_page(
    request: Request, session: SessionDep, user: WebUser, source_id: int, saved: int = 0
) -> Response:
    require_reader_of_all(user, "смотреть источники новостей")
    source = service.get(session=session, source_id=source_id)
    return _source_page(request, session, user, source, flash="Изменения сохранены" if saved else None)


def _source_page(
    request: Request, session: Any, user: Any, source: Any, flash: str | None = None, outcome: Any = None
) -> Response:
    context = _context(
        user,
        source=source,
        health=service.health_of(source),
        busy=service.is_busy(source),
        documents=service.recent_documents(session=session, source_id=source.id),
        manager=_may_manage(user),
        flash=flash,
        outcome=outcome,
    )
    return render(request, "intake/source.html", context)


@router.get("/sources/{source_id}/edit")
def edit_source_page(request: Request, session: SessionDep, user: WebUser, source_id: int) -> Response:
    require_manager(user, "изменять источники новостей")
    source = service.get(session=session, source_id=source_id)
    values = {k: getattr(source, k) for k in (*FIELDS, "is_active", "cluster_ids", "version")}
    values["kind"] = source.kind.value
    return _form_page(request, session, user, source, values, {})


@router.post("/sources/{source_id}/edit")
async def update_source_from_form(
    request: Request, session: SessionDep, user: WebUser, source_id: int
) -> Response:
    user = require_manager(user, "изменять источники новостей")
    source = service.get(session=session, source_id=source_id)
    form = await request.form()
    values = _form_values(form)
    version = _text(form, "version")
    values["version"] = int(version) if version.isdigit() and len(version) < 10 else None
    if values.get("name") is None:
        values["name"] = ""

    def save(data: SourceUpdate) -> str:
        service.update(session=session, actor=actor_of(user), source_id=source_id, data=data)
        return f"/sources/{source_id}?saved=1"

    return submit_form(
        session=session,
        model=SourceUpdate,
        values=values,
        save=save,
        show=lambda errors, code: _form_page(request, session, user, source, values, errors, code),
    )


@router.post("/sources/{source_id}/delete")
async def delete_source_from_form(
    request: Request, session: SessionDep, user: WebUser, source_id: int
) -> Response:
    user = require_manager(user, "удалять источники новостей")
    service.delete(session=session, actor=actor_of(user), source_id=source_id, version=None)
    return RedirectResponse("/sources?saved=1", status_code=303)


@router.post("/sources/{source_id}/check")
def check_source_from_form(request: Request, session: SessionDep, user: WebUser, source_id: int) -> Response:
    user = require_manager(user, "проверять источники новостей")
    outcome = check_source(session=session, actor=actor_of(user), source_id=source_id)
    source = service.get(session=session, source_id=source_id)
    return _source_page(request, session, user, source, outcome=outcome)


# Adding news by hand -------------------------------------------------------------------------------------


@router.get("/intake/add")
def add_news_page(request: Request, user: WebUser) -> Response:
    require_manager(user, "добавлять новости")
    return render(request, "intake/add.html", _context(user, values={}, errors={}, section=ADD_SECTION))


def _date_or_none(value: str) -> date | str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return parse_day(value)  # дд.мм.гггг as a Russian reader types it, or ISO
    except ValueError:
        return value  # the schema names the field and says how to write a date


@router.post("/intake/add")
async def add_news(
    request: Request, session: SessionDep, user: WebUser, background: BackgroundTasks
) -> Response:
    user = require_manager(user, "добавлять новости")
    form = await request.form()
    mode = _text(form, "mode") or "url"
    values = {k: _text(form, k) for k in ("url", "text", "title", "published")}
    actor = actor_of(user)
    errors: dict[str, str] = {}
    added = None
    try:
        if mode == "text":
            data, errors = parse(
                NewsByText,
                {
                    "text": values["text"],
                    "title": values["title"].strip() or None,
                    "published": _date_or_none(values["published"]),
                },
            )
            if data is not None:
                added = manual.add_text(
                    session=session, actor=actor, text=data.text, title=data.title, published=data.published
                )
        elif mode == "file":
            file = form.get("file")
            if not isinstance(file, UploadFile) or not file.filename:
                errors = {"file": "выберите файл .txt, .html или .eml"}
            else:
                upload = manual.read_upload(file.filename, await file.read(manual.MAX_UPLOAD + 1))
                if uploads.is_large(upload):
                    raw_id, todo = uploads.start(session=session, actor=actor, upload=upload)
                    if todo:  # runs after this request's commit, so the worker thread sees the document
                        factory = request.app.state.session_factory
                        background.add_task(uploads.run, factory, actor, raw_id, upload)
                    return RedirectResponse(
                        f"/intake/uploads/{raw_id}", status_code=303, background=background
                    )
                added = manual.add_file(session=session, actor=actor, upload=upload)
        else:
            url_data, errors = parse(NewsByUrl, {"url": values["url"]})
            if url_data is not None:
                added = manual.add_url(session=session, actor=actor, url=url_data.url)
    except DomainError as exc:
        session.rollback()
        errors = _problems(exc)
    if added is None:
        context = _context(user, values=values, errors=errors, mode=mode, section=ADD_SECTION)
        return render(request, "intake/add.html", context, status_code=422)
    items: list[NewsItem] = added.items
    context = _context(user, added=added, items=items, kinds=SourceKind, section=ADD_SECTION)
    return render(request, "intake/added.html", context)


@router.get("/intake/uploads/{document_id}")
def upload_page(request: Request, session: SessionDep, user: WebUser, document_id: int) -> Response:
    """A large upload: its progress while the background analysis runs, then what it gave."""
    require_manager(user, "добавлять новости")
    raw = get_or_404(session, RawDocument, document_id)
    if raw.progress_total is None:  # a document stored at once has no progress page
        raise NotFoundError(f"Загрузка #{document_id} не найдена")
    finished = raw.progress_done >= raw.progress_total
    if finished and request.headers.get("HX-Request"):
        return Response(status_code=200, headers={"HX-Refresh": "true"})  # the whole page, with the items
    items: list[NewsItem] = []
    outcome_of: dict[int, str] = {}
    if finished:
        for item_id in manual.items_of_article(session, raw.url):
            item = session.get(NewsItem, item_id)
            if item is not None:
                items.append(item)
                first = item.occurrences[0].article.source if item.occurrences else raw.url
                outcome_of[item.id] = "new" if first == raw.url else "duplicate"
    context = _context(
        user, raw=raw, finished=finished, items=items, added={"outcome_of": outcome_of}, section=ADD_SECTION
    )
    template = "intake/_upload_progress.html" if request.headers.get("HX-Request") else "intake/upload.html"
    return render(request, template, context)
