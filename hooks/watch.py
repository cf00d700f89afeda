"""The evidence watch: new reviews, trials and guidelines on each page's question, since the date
its evidence was searched up to, as the body of one GitHub issue ("New evidence to review").

    python -m hooks.watch [--format markdown|json] [--output FILE] [--api-base URL] [PAGE ...]

For every page with `evidence_query` and `searched_to` in its front matter (every condition,
evidence and guide page: the schema requires both), it asks Europe PMC's REST search service
(which covers PubMed) for works first published after `searched_to` that are systematic reviews,
meta-analyses, randomised trials or guidelines. It drops works already in data/bibliography.yml
(by DOI or PubMed id) and works an editor dismissed (data/dismissed.yml), and reports the rest by
page: title, authors, journal, date, DOI/PMID, link and why it matched.

The report goes to --output (default: stdout). With --output, `found=true` or `found=false` is
printed on stdout, a line for $GITHUB_OUTPUT. Progress and timings go to stderr. A page that cannot
be searched (the service answers with an error, HTML, a malformed record, or not at all) is one line
on stderr and in the report; the other pages still report. Exit codes: 0 every page was searched
(new works found or not), 2 some page could not be searched (or the command could not run).

The client: a timeout per request, up to --retries retries on 429 and 5xx with exponential backoff
(Retry-After honoured, capped at --max-wait seconds), cursorMark paging up to --max-pages pages, a
User-Agent naming the project, and --pause seconds between requests. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

from hooks.content.project import ROOT
API_BASE = "https://www.ebi.ac.uk/europepmc/webservices/rest"
USER_AGENT = "npa-reference-evidence-watch/1 (Neuropathic Pain & Acupuncture Reference; python -m hooks.watch)"
MARKER = "<!-- evidence-watch: written by .github/workflows/weekly.yml; edits are replaced each week -->"

# The kinds of work kept, as Europe PMC names them in a record's pubTypeList (lower case), with the
# name the report gives. The same kinds go into the query (PUB_TYPE), and each record is checked
# again, because a PUB_TYPE match can come from a field the record's list does not show.
KINDS = {
    "systematic review": "systematic review",
    "systematic-review": "systematic review",
    "meta-analysis": "meta-analysis",
    "randomized controlled trial": "randomised trial",
    "randomised controlled trial": "randomised trial",
    "guideline": "guideline",
    "practice guideline": "guideline",
}
PUB_TYPES = ('"systematic review"', '"systematic-review"', '"meta-analysis"', '"randomized controlled trial"',
             '"guideline"', '"practice guideline"')


class WatchError(Exception):
    """One page could not be searched: the message is a single line for the report."""


class Work:
    """One work from a search record."""

    __slots__ = ("id", "source", "pmid", "doi", "title", "authors", "journal", "published", "kinds")

    def __init__(self, **values) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    @property
    def ids(self) -> set[str]:
        """`doi:...` and `pmid:...`, lower case (as data/dismissed.yml and the bibliography compare)."""
        from hooks.checker.dismissed import work_ids

        return work_ids({"doi": self.doi, "pmid": self.pmid})

    @property
    def link(self) -> str:
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.doi:
            return "https://doi.org/" + urllib.parse.quote(self.doi, safe="/:;()._-")
        return f"https://europepmc.org/article/{urllib.parse.quote(self.source or '', safe='')}/" \
               f"{urllib.parse.quote(self.id or '', safe='')}"

    @property
    def id_for_dismissal(self) -> str:
        """The id an editor copies into data/dismissed.yml."""
        if self.pmid:
            return f"pmid:{self.pmid}"
        return f"doi:{self.doi}" if self.doi else f"{self.source}:{self.id}"

    def as_json(self) -> dict:
        return {"title": self.title, "authors": self.authors, "journal": self.journal,
                "date": self.published, "doi": self.doi, "pmid": self.pmid, "link": self.link,
                "kinds": list(self.kinds)}


# ---- the client ---------------------------------------------------------------------------------


class Client:
    """Europe PMC's REST search, politely: timeouts, bounded retries with backoff, paging with a cap."""

    def __init__(self, base: str = API_BASE, *, timeout: float = 20.0, retries: int = 3, backoff: float = 2.0,
                 max_wait: float = 60.0, pause: float = 1.0, page_size: int = 100, max_pages: int = 5,
                 log=None, sleep=time.sleep) -> None:
        self.base = base.rstrip("/")
        self.timeout, self.retries, self.backoff, self.max_wait = timeout, retries, backoff, max_wait
        self.pause, self.page_size, self.max_pages = pause, page_size, max_pages
        self.log = log or (lambda message: None)
        self.sleep = sleep
        self.requests = 0

    def search(self, query: str) -> tuple[list[dict], bool]:
        """Every record the query finds (following nextCursorMark), and whether the page cap cut it short."""
        records: list[dict] = []
        cursor = "*"
        for _ in range(self.max_pages):
            answer = self._get_json({"query": query, "format": "json", "resultType": "core",
                                     "pageSize": str(self.page_size), "cursorMark": cursor})
            result_list = answer.get("resultList")
            results = result_list.get("result") if isinstance(result_list, dict) else None
            if not isinstance(results, list):
                raise WatchError("malformed answer: no resultList.result list")
            records.extend(results)
            following = answer.get("nextCursorMark")
            if not results or not isinstance(following, str) or not following or following == cursor:
                return records, False
            cursor = following
        return records, True

    def _get_json(self, params: dict) -> dict:
        url = f"{self.base}/search?{urllib.parse.urlencode(params)}"
        attempt = 0
        while True:
            if self.requests and self.pause > 0:
                self.sleep(self.pause)
            self.requests += 1
            started = time.monotonic()
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                status = exc.code
                wait = self._retry_wait(status, exc.headers.get("Retry-After") if exc.headers else None, attempt)
                exc.close()
                if wait is None:
                    raise WatchError(f"the service answered HTTP {status}"
                                     + (f" after {attempt + 1} tries" if attempt else "")) from None
                self.log(f"  HTTP {status}; retrying in {wait:g} s ({attempt + 1} of {self.retries})")
                self.sleep(wait)
                attempt += 1
                continue
            except (TimeoutError, socket.timeout):
                raise WatchError(f"no answer within {self.timeout:g} s (timeout)") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    raise WatchError(f"no answer within {self.timeout:g} s (timeout)") from None
                raise WatchError(f"cannot reach {self.base}: {reason}") from None
            except (OSError, ValueError, http.client.HTTPException) as exc:  # a reset, a bad address, a cut answer
                raise WatchError(f"cannot reach {self.base}: {type(exc).__name__} {exc}".rstrip()) from None
            self.log(f"  GET search ({len(body)} bytes, {time.monotonic() - started:.2f} s)")
            return _parse_json(body, kind)

    def _retry_wait(self, status: int, retry_after: str | None, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the status is final or retries are used up."""
        if not (status == 429 or 500 <= status <= 599) or attempt >= self.retries:
            return None
        wait = self.backoff * (2 ** attempt)
        if retry_after and retry_after.strip().isdigit():
            wait = float(retry_after.strip())
        elif retry_after:  # an HTTP date
            from email.utils import parsedate_to_datetime

            try:
                when = parsedate_to_datetime(retry_after)
                wait = when.timestamp() - time.time()
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        return max(0.0, min(wait, self.max_wait))


def _parse_json(body: bytes, kind: str) -> dict:
    text = body.lstrip()[:200].lower()
    if text.startswith(b"<") or "html" in kind.lower():
        raise WatchError("the service answered with HTML, not JSON (a maintenance or error page?)")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise WatchError("the service's answer is not valid JSON") from None
    if not isinstance(data, dict):
        raise WatchError("malformed answer: not a JSON object")
    return data


# ---- records --------------------------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PMID = re.compile(r"[1-9]\d{0,9}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_record(record: object) -> Work:
    """A Work from one search record; WatchError when it lacks what the report needs."""
    if not isinstance(record, dict):
        raise WatchError("malformed record: not a JSON object")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        raise WatchError(f"malformed record {_record_name(record)}: no title")
    published = record.get("firstPublicationDate")
    if not isinstance(published, str) or not _DAY.fullmatch(published):
        raise WatchError(f"malformed record {_record_name(record)}: firstPublicationDate {published!r} is not a date")
    try:
        date.fromisoformat(published)
    except ValueError:
        raise WatchError(f"malformed record {_record_name(record)}: firstPublicationDate {published!r} is not a date") from None
    doi, pmid = record.get("doi"), record.get("pmid")
    doi = doi.strip() if isinstance(doi, str) and _DOI.fullmatch(doi.strip()) else None
    pmid = str(pmid).strip() if isinstance(pmid, (str, int)) and not isinstance(pmid, bool) and _PMID.fullmatch(str(pmid).strip()) else None
    types = (record.get("pubTypeList") or {}).get("pubType") if isinstance(record.get("pubTypeList"), dict) else None
    if isinstance(types, str):
        types = [types]
    if types is not None and not (isinstance(types, list) and all(isinstance(t, str) for t in types)):
        raise WatchError(f"malformed record {_record_name(record)}: pubTypeList is not a list of names")
    kinds = tuple(dict.fromkeys(KINDS[t.strip().lower()] for t in types or () if t.strip().lower() in KINDS))
    journal = record.get("journalTitle")
    info = record.get("journalInfo")
    if not isinstance(journal, str) and isinstance(info, dict) and isinstance(info.get("journal"), dict):
        journal = info["journal"].get("title")
    authors = record.get("authorString")
    return Work(
        id=str(record.get("id") or ""), source=str(record.get("source") or ""), pmid=pmid, doi=doi,
        title=_line(title), authors=_line(authors) if isinstance(authors, str) else "",
        journal=_line(journal) if isinstance(journal, str) else "", published=published, kinds=kinds,
    )


def _record_name(record: dict) -> str:
    for key in ("pmid", "doi", "id"):
        if isinstance(record.get(key), (str, int)) and str(record[key]).strip():
            return f"{key} {_line(str(record[key]))[:40]}"
    return "(no id)"


def _line(text: str) -> str:
    return " ".join(str(text).split())


# ---- pages, bibliography, dismissed ---------------------------------------------------------------


class PageSearch:
    """One page's search: its path under docs/, title, query and the date searched up to."""

    __slots__ = ("path", "title", "query", "since")

    def __init__(self, path: str, title: str, query: str, since: date) -> None:
        self.path, self.title, self.query, self.since = path, title, query, since


def page_searches(content, only: list[str] | None = None) -> tuple[list[PageSearch], list[tuple[str, str]]]:
    """The pages to search, read through the content layer (hooks.content.Content), and (page,
    reason) for named pages that do not exist and pages of a type that needs a search whose query or
    date is unusable (the checker reports those too)."""
    from hooks.content.page import as_date

    schema = content.schema()
    needs = schema.fields["evidence_query"].required if "evidence_query" in schema.fields else frozenset()
    searches, problems = [], []
    wanted = {name[len("docs/"):] if name.startswith("docs/") else name for name in only or ()}
    pages = content.docs_pages()
    for name in sorted(wanted - {relative for relative, _ in pages}):
        problems.append((name, "no such page under docs/"))
    for relative, page in pages:
        if wanted and relative not in wanted:
            continue
        data = page.front.data if page.front else {}
        query, since = data.get("evidence_query"), as_date(data.get("searched_to"))
        if data.get("type") not in needs and query is None:
            continue
        if not isinstance(query, str) or not query.strip():
            problems.append((relative, "no evidence_query in its front matter"))
        elif since is None:
            problems.append((relative, "no usable searched_to date in its front matter"))
        else:
            title = data.get("title") if isinstance(data.get("title"), str) else relative
            searches.append(PageSearch(relative, title, " ".join(query.split()), since))
    return searches, problems


def known_ids(content) -> tuple[set[str], dict[str, str | None]]:
    """(ids of the works in the bibliography, {dismissed id: page or None}), as `doi:`/`pmid:` ids."""
    from hooks.checker.dismissed import load_dismissed, work_ids

    cited = {work for entry in content.bibliography().entries.values() for work in work_ids(entry)}
    path = content.project.dismissed_path
    dismissed: dict[str, str | None] = {}
    if path.is_file():
        ids, _ = load_dismissed(path.read_bytes())
        dismissed = {work: _docs_relative(page) for work, (_, page) in ids.items()}
    return cited, dismissed


def _docs_relative(page: str | None) -> str | None:
    return page[len("docs/"):] if page and page.startswith("docs/") else page


def full_query(search: PageSearch) -> str:
    """The page's query, limited to the kinds of work kept and to works first published after its date."""
    kinds = " OR ".join(f"PUB_TYPE:{kind}" for kind in PUB_TYPES)
    after = date.fromordinal(search.since.toordinal() + 1).isoformat()
    return f"({search.query}) AND ({kinds}) AND (FIRST_PDATE:[{after} TO 3000-12-31])"


def new_works(client: Client, search: PageSearch, cited: set[str], dismissed: dict[str, str | None]) -> tuple[list[Work], dict]:
    """The works to report for one page, and counts of what was left out (for the log)."""
    records, capped = client.search(full_query(search))
    counts = {"found": len(records), "older": 0, "other kinds": 0, "cited": 0, "dismissed": 0, "capped": capped}
    works, seen = [], set()
    for record in records:
        work = parse_record(record)
        ids = work.ids
        if date.fromisoformat(work.published) <= search.since:
            counts["older"] += 1
        elif not work.kinds:
            counts["other kinds"] += 1
        elif ids & cited:
            counts["cited"] += 1
        elif any(dismissed[work_id] in (None, search.path) for work_id in ids if work_id in dismissed):
            counts["dismissed"] += 1
        elif not (ids or {work.id}) & seen:
            seen |= ids or {work.id}
            works.append(work)
    works.sort(key=lambda w: (w.published, w.title), reverse=True)
    return works, counts


# ---- the report -----------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """One line of text with no Markdown or HTML meaning in an issue."""
    return "".join("\\" + c if c in "\\`*_[]<>|#~!" else c for c in _line(text))


def _code(text: str) -> str:
    return _line(text.replace("`", "'"))


def markdown(results: list[dict], failed: list[tuple[str, str]], today: date) -> str:
    lines = [MARKER, "", f"Evidence watch of {today.isoformat()}: new systematic reviews, meta-analyses, "
             "randomised trials and guidelines in Europe PMC on each page's question, first published after "
             "the date its evidence was searched up to.", ""]
    lines += ["For each work: read it, then either add it to `data/bibliography.yml` (verified; editing guide, "
              "Adding a work) and update the page, or add its id to `data/dismissed.yml` with a reason. "
              "When the page is re-reviewed, move its `searched_to` forward (editing guide, New evidence).", ""]
    found = [r for r in results if r["works"]]
    if not results:
        lines += ["No page could be searched this week (see below).", ""]
    elif not found:
        lines += [f"No new works on the {len(results)} pages searched.", ""]
    for result in found:
        lines += [f"## `docs/{_code(result['page'])}`: {_plain(result['title'])}", "",
                  f"Searched up to {result['searched_to']}; query: `{_code(result['query'])}`", ""]
        for work in result["works"]:
            ids = " · ".join(x for x in (f"DOI {_plain(work.doi)}" if work.doi else "",
                                          f"PMID {work.pmid}" if work.pmid else "") if x)
            lines.append(f"- [ ] **{_plain(work.title)}**")
            lines.append(f"  {_plain(work.authors) or 'Authors not given'}. *{_plain(work.journal) or 'Journal not given'}*, "
                         f"first published {work.published}. {ids}".rstrip() + f" <{work.link}>")
            lines.append(f"  Why: a {' and '.join(work.kinds)} matching the page's query, "
                         f"published after {result['searched_to']}; `{_code(work.id_for_dismissal)}`")
        lines.append("")
    lines += ["## Pages that could not be searched", ""]
    if failed:
        lines += [f"- `docs/{_code(page)}`: {_plain(reason)}" for page, reason in failed]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def as_json(results: list[dict], failed: list[tuple[str, str]], today: date) -> str:
    pages = [{"page": f"docs/{r['page']}", "title": r["title"], "query": r["query"], "searched_to": r["searched_to"],
              "works": [dict(w.as_json(), dismiss_as=w.id_for_dismissal,
                             why=f"{' and '.join(w.kinds)} matching the page's query, published after {r['searched_to']}")
                        for w in r["works"]]}
             for r in results]
    return json.dumps({"date": today.isoformat(), "pages": pages,
                       "failed": [{"page": f"docs/{p}", "error": e} for p, e in failed]}, indent=2, ensure_ascii=False) + "\n"


# ---- command line ---------------------------------------------------------------------------------


def run(client: Client, searches: list[PageSearch], cited: set[str], dismissed: dict, log) -> tuple[list[dict], list[tuple[str, str]]]:
    results, failed = [], []
    for search in searches:
        started = time.monotonic()
        try:
            works, counts = new_works(client, search, cited, dismissed)
        except WatchError as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - one page's surprise must not hide the others
            reason = f"unexpected error ({type(exc).__name__}: {_line(str(exc))[:200]}); please report it"
        else:
            reason = None
        if reason is not None:
            failed.append((search.path, reason))
            print(f"watch: docs/{search.path}: could not search: {reason}", file=sys.stderr)
            continue
        left = ", ".join(f"{n} {what}" for what, n in counts.items() if what not in ("found", "capped") and n)
        log(f"docs/{search.path}: {counts['found']} found, {len(works)} new"
            + (f" (left out: {left})" if left else "") + (" - page cap reached" if counts["capped"] else "")
            + f" in {time.monotonic() - started:.2f} s")
        results.append({"page": search.path, "title": search.title, "query": search.query,
                        "searched_to": search.since.isoformat(), "works": works})
    return results, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.watch", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages to search (paths under docs/; default: every page with a search)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--output", type=Path, help="write the report here and print found=true|false on stdout")
    parser.add_argument("--api-base", default=API_BASE, help=f"the REST service (default {API_BASE})")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for an answer (default 20)")
    parser.add_argument("--retries", type=int, default=3, help="retries on 429 and 5xx answers (default 3)")
    parser.add_argument("--backoff", type=float, default=2.0, help="first wait before a retry, doubled each time (default 2 s)")
    parser.add_argument("--max-wait", type=float, default=60.0, help="longest wait before a retry, Retry-After included (default 60 s)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between requests (default 1)")
    parser.add_argument("--page-size", type=int, default=100, help="records per request (default 100)")
    parser.add_argument("--max-pages", type=int, default=5, help="requests per page's search at most (default 5)")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD, the report's date")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr (errors still)")
    args = parser.parse_args(argv)
    if not args.api_base.startswith(("http://", "https://")):
        print(f"watch: --api-base must be an http(s) address, not {args.api_base!r}", file=sys.stderr)
        return 2
    if min(args.page_size, args.max_pages) < 1 or args.page_size > 1000 or min(args.retries, args.timeout, args.pause, args.backoff, args.max_wait) < 0:
        print("watch: --page-size is 1 to 1000, --max-pages at least 1, the other numbers not negative", file=sys.stderr)
        return 2
    log = (lambda message: None) if args.quiet else (lambda message: print(f"watch: {message}", file=sys.stderr))
    started = time.monotonic()
    try:
        from hooks.checker import SetupError
        from hooks.content import Content

        content = Content(ROOT)
        searches, unusable = page_searches(content, args.pages or None)
        cited, dismissed = known_ids(content)
    except (SetupError, OSError) as exc:
        print(f"watch: error: {exc}", file=sys.stderr)
        return 2
    for page, reason in unusable:
        print(f"watch: docs/{page}: could not search: {reason}", file=sys.stderr)
    log(f"{len(searches)} pages to search at {args.api_base}")
    client = Client(args.api_base, timeout=args.timeout, retries=args.retries, backoff=args.backoff,
                    max_wait=args.max_wait, pause=args.pause, page_size=args.page_size, max_pages=args.max_pages, log=log)
    results, failed = run(client, searches, cited, dismissed, log)
    failed = sorted(unusable + failed)
    today = args.today or date.today()
    report = as_json(results, failed, today) if args.format == "json" else markdown(results, failed, today)
    new = sum(len(r["works"]) for r in results)
    log(f"{new} new works on {sum(1 for r in results if r['works'])} pages; {len(failed)} pages not searched; "
        f"{client.requests} requests in {time.monotonic() - started:.2f} s")
    if args.output is not None:
        try:
            args.output.write_text(report, encoding="utf-8")
        except OSError as exc:
            print(f"watch: error: cannot write {args.output}: {exc}", file=sys.stderr)
            return 2
        print(f"found={'true' if new or failed else 'false'}")
    else:
        sys.stdout.write(report)
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
