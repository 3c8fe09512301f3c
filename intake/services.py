"""Message import: parse a whole file up front, then turn rows into requests, offers or links in steps.

Parsing first (≥ 2,000 messages/s) lets duplicates inside the file be found in one pass; creating
the requests in steps of a few hundred rows keeps each HTTP call short and drives the progress bar.
"""

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import HelpRequest, Offer
from cases.services import InvalidInput, NeedInput, RequestInput, help_request_create, offer_create
from cases.services._base import OPEN
from core.errors import DomainError
from core.services import event_record
from geo.divisions import code_for
from geo.models import Division
from intake.models import ImportedMessage, MessageImport
from intake.parser import parse_message, parse_stream
from intake.parser.minhash import jaccard, shingles
from intake.readers import MAX_ROWS, read_rows
from orgs.models import Incident, Organisation

Outcome = ImportedMessage.Outcome
UNNAMED = "未具名"  # stored as the name, not shown as UI text


def fingerprint(source_id: str, text: str) -> str:
    # The id alone is not enough: shared sheets number their rows 1, 2, 3…, so a second sheet would
    # look like a re-import of the first and its messages would be dropped without a word.
    return hashlib.sha256(f"{source_id}\x00{text}".encode()).hexdigest()


# A file of garbage lists its first reasons; the rest is a count, not a 100,000-line page.
MAX_REPORTED_ERRORS = 500


@transaction.atomic
def message_import_create(
    *,
    actor: Any,
    incident: Incident,
    org: Organisation | None,
    filename: str,
    data: bytes,
    channel: str = "wechat",
) -> tuple[MessageImport, dict[str, Any]]:
    """Store and parse the file's rows; returns the batch and a summary of what was refused at once."""
    if channel not in HelpRequest.Channel.values:
        raise DomainError(_("未知的来源渠道。"), field="channel")
    if incident.status == Incident.Status.CLOSED:
        raise DomainError(_("该事件已结束,不再接收新求助。"), field="file")
    try:
        rows = list(read_rows(filename, data))
    except ValueError as exc:
        raise DomainError(str(exc), field="file") from exc
    if len(rows) > MAX_ROWS:
        raise DomainError(_("一次最多导入 {n} 条。").format(n=MAX_ROWS), field="file")
    batch = MessageImport.objects.create(
        incident=incident, org=org, created_by=actor, filename=filename[:200], channel=channel
    )
    bad = [{"row": r.number, "reason": r.error} for r in rows if r.error]
    good = [r for r in rows if not r.error]
    known = set(
        ImportedMessage.objects.filter(
            incident_id=incident.pk, fingerprint__in=[fingerprint(r.source_id, r.text) for r in good]
        ).values_list("fingerprint", flat=True)
    )
    fresh, seen, repeated = [], set(known), 0
    for r in good:
        fp = fingerprint(r.source_id, r.text)
        if fp not in seen:
            seen.add(fp)
            fresh.append((r, fp))
        elif fp not in known:
            repeated += 1  # the same row twice in this file, not an earlier import
    parsed = parse_stream({"id": r.number, "text": r.text} for r, _ in fresh)
    ImportedMessage.objects.bulk_create(
        [
            ImportedMessage(
                batch=batch,
                incident_id=incident.pk,
                row=r.number,
                source_id=r.source_id,
                fingerprint=fp,
                text=r.text,
                parsed=p,
                dup_row=p["dup_of"],
            )
            for (r, fp), p in zip(fresh, parsed, strict=True)
        ],
        batch_size=1000,
        # Two uploads of one file at once (a double click, a second tab) do not see each other's rows
        # above; the unique fingerprint lets the first one keep them instead of failing the second.
        ignore_conflicts=True,
    )
    queued = batch.rows.count()
    summary = {
        "rows": len(rows),
        "queued": queued,
        "already_imported": len(good) - queued - repeated,
        "repeated": repeated,
        "errors": bad[:MAX_REPORTED_ERRORS],
        "more_errors": max(0, len(bad) - MAX_REPORTED_ERRORS),
    }
    MessageImport.objects.filter(pk=batch.pk).update(summary=summary)
    batch.summary = summary
    event_record(
        actor=actor,
        kind="messages_imported",
        subject=batch,
        incident_id=incident.pk,
        org_id=org.pk if org else None,
        data={k: v for k, v in summary.items() if k != "errors"}
        | {"error_rows": len(bad), "filename": filename[:200]},
    )
    return batch, summary


def _existing_duplicate(incident: Incident, phones: list[str], text: str) -> HelpRequest | None:
    """An open request in the incident with one of these phones whose text says much the same."""
    if not phones:
        return None
    mine = shingles(text)
    # The number may be the beneficiary's: the hotline took the call from a relative.
    same_phone = Q(requester_phone__in=phones[:5]) | Q(beneficiary_phone__in=phones[:5])
    candidates = HelpRequest.objects.filter(same_phone, incident=incident, status__in=OPEN)
    for hr in candidates.order_by("created_at")[:20]:
        if not hr.raw_text or jaccard(mine, shingles(hr.raw_text)) >= 0.3:
            return hr
    return None


def parsed_division(parsed: dict[str, Any], incident: Incident) -> str:
    """The division code of a parsed message. A county named alone is ambiguous nationally (长安区 is
    in 西安 and in 石家庄), so the parser leaves city and province empty; inside the incident's area
    it usually is not, and an operator in a Xi'an lockdown means Xi'an's."""
    code = code_for(parsed.get("province"), parsed.get("city"), parsed.get("district"))
    district, area = parsed.get("district"), incident.area_id or ""
    if len(code) >= 6 or not district or not area:
        return code
    inside = Division.objects.filter(level=3, name=district, code__startswith=area)
    found = list(inside.filter(code__startswith=code).values_list("code", flat=True)[:2])
    return found[0] if len(found) == 1 else code


def _other_contacts(mine: list[str], theirs: list[str]) -> bool:
    """Two messages that each give a number and share none are two households to call, however alike
    their wording (a community worker's sheet repeats one sentence per old person). Folding them
    would leave one unserved; creating both costs a verifier one call at most."""
    return bool(mine and theirs) and not set(mine) & set(theirs)


def _request_input(batch: MessageImport, msg: ImportedMessage) -> RequestInput:
    p = msg.parsed
    code = parsed_division(p, batch.incident)
    return RequestInput(
        channel=batch.channel,
        requester_name=UNNAMED,
        requester_phone=p["phones"][0],
        division_code=code if len(code) >= 6 else "",
        people_count=p.get("people") or 1,
        urgency=p.get("urgency") or 3,
        groups=p.get("groups") or [],
        description=msg.text[:500],
        raw_text=msg.text,
        needs=[NeedInput(category=n) for n in p.get("needs") or []],
    )


def _process(actor: Any, batch: MessageImport, msg: ImportedMessage) -> None:
    p = msg.parsed
    if p["kind"] == "offer":
        code = parsed_division(p, batch.incident)
        try:
            msg.offer = offer_create(
                actor=actor,
                incident=batch.incident,
                text=msg.text,
                needs=p.get("needs") or [],
                phones=p["phones"],
                division_code=code,
                channel=batch.channel,
            )
        except DomainError as exc:
            msg.outcome, msg.reason = Outcome.SKIPPED, exc.message[:200]
            return
        msg.outcome = Outcome.OFFER
        return
    if p["kind"] != "request":
        msg.outcome, msg.reason = Outcome.OTHER, _("新闻、提醒或评论,不是求助")
        return
    original = None
    if msg.dup_row is not None:
        first = ImportedMessage.objects.filter(batch=batch, row=msg.dup_row).first()
        if first is not None and not _other_contacts(p["phones"], first.parsed.get("phones") or []):
            original = first.help_request
    original = original or _existing_duplicate(batch.incident, p["phones"], msg.text)
    if original is not None:
        msg.help_request, msg.outcome = original, Outcome.DUPLICATE
        event_record(
            actor=actor,
            kind="duplicate_linked",
            subject=original,
            incident_id=original.incident_id,
            data={"source": msg.source_id or f"{batch.filename}#{msg.row}", "text": msg.text[:500]},
        )
        return
    if not p["phones"]:
        msg.outcome, msg.reason = Outcome.SKIPPED, _("没有联系电话,无法核实")
        return
    try:
        msg.help_request, _created = help_request_create(
            actor=actor, incident=batch.incident, data=_request_input(batch, msg), org=batch.org
        )
    except InvalidInput as exc:
        msg.outcome, msg.reason = Outcome.SKIPPED, "; ".join(" ".join(v) for v in exc.errors.values())[:200]
        return
    except DomainError as exc:
        # e.g. the incident was closed after the upload: a refused row is skipped with its reason, or
        # every later step would fail on it and the import could never finish.
        msg.outcome, msg.reason = Outcome.SKIPPED, exc.message[:200]
        return
    msg.outcome = Outcome.CREATED


def message_import_step(*, actor: Any, batch: MessageImport, limit: int = 200) -> dict[str, int]:
    """Process the next `limit` pending rows, each in its own transaction; returns the counts so far."""
    pending = list(batch.rows.filter(outcome=Outcome.PENDING).order_by("row")[:limit])
    for msg in pending:
        with transaction.atomic():
            if (
                not ImportedMessage.objects.select_for_update()
                .filter(pk=msg.pk, outcome=Outcome.PENDING)
                .exists()
            ):
                continue  # another step (a second tab) took it
            _process(actor, batch, msg)
            msg.save(update_fields=["outcome", "reason", "help_request", "offer"])
    if pending and not batch.rows.filter(outcome=Outcome.PENDING).exists():
        MessageImport.objects.filter(pk=batch.pk, finished_at__isnull=True).update(finished_at=timezone.now())
    return import_counts(batch)


def import_counts(batch: MessageImport) -> dict[str, int]:
    from django.db.models import Count

    counts = {o: 0 for o in Outcome.values}
    counts.update(dict(batch.rows.values_list("outcome").annotate(n=Count("pk"))))
    counts["total"] = sum(counts[o] for o in Outcome.values)
    counts["done"] = counts["total"] - counts[Outcome.PENDING]
    return counts


def offer_from_paste(*, actor: Any, incident: Incident, text: str) -> Offer:
    """A pasted message the operator confirms is help on offer (a water point, a team, a truck)."""
    p = parse_message(text)
    return offer_create(
        actor=actor,
        incident=incident,
        text=text,
        needs=p["needs"],
        phones=p["phones"],
        division_code=parsed_division(p, incident),
    )
