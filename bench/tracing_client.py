#!/usr/bin/env python3
"""Family tracing against a running `sanad serve`, end to end over HTTP on one
kept-alive loopback connection, as a caseworker's browser makes the calls.
Run by bench/search_e2e.sh after the search queries; standard library only.

  tracing_client.py PORT PERSONS_CSV REGISTRAR PASSWORD CASEWORKER PASSWORD [REQUESTS]

From the file the site imported (seed 1): heads of household who consented
to tracing and carry a document number. Each head is found by that number
(the registrar's search), then the caseworker opens a tracing request for
one of the head's sons or daughters: the child's given name as the file
writes it, sex, birth date (or year) and the relationship; the father's and
grandfather's names are left for the family structure to fill in. Timed:
POST /api/v1/tracing-requests and GET /api/v1/tracing-requests/{id}/matches
(the whole route: store reads, audit writes, JSON), p50/p99/max in ms.
"found" counts requests whose matches include someone of the inquirer's
household, among those whose child consented to tracing too.
"""
import collections
import csv
import http.client
import json
import random
import re
import sys
import time
import urllib.parse


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Client:
    def __init__(self, port, username, password):
        self.conn = http.client.HTTPConnection("127.0.0.1", int(port))
        status, body = self.call("POST", "/api/v1/session", {"username": username, "password": password})
        if status != 200:
            sys.exit("sign-in of %s failed: %d %s" % (username, status, body))
        self.token = body["token"]

    def call(self, method, url, payload=None):
        headers = {"Content-Type": "application/json"}
        if getattr(self, "token", None):
            headers["Authorization"] = "Bearer " + self.token
        self.conn.request(method, url, json.dumps(payload) if payload is not None else None, headers)
        reply = self.conn.getresponse()
        raw = reply.read()
        try:
            return reply.status, json.loads(raw)
        except ValueError:
            return reply.status, raw[:300]


def consents_to_tracing(row):
    return "tracing" in (row.get("consents") or "").split(";")


def sought_birth(text):
    """The child's birth date as the API takes it: a partial date, or None."""
    text = (text or "").strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(~\d+)?", text):
        return text
    year = re.search(r"(19|20)\d{2}", text)
    return year.group(0) if year else None


def main():
    port, path = sys.argv[1], sys.argv[2]
    registrar, caseworker = (sys.argv[3], sys.argv[4]), (sys.argv[5], sys.argv[6])
    wanted = int(sys.argv[7]) if len(sys.argv) > 7 else 300
    rng = random.Random(1)
    households = collections.defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("household_ref"):
                households[row["household_ref"]].append(row)
    pairs = []
    for rows in households.values():
        head = next((r for r in rows if r["relationship"] == "head"), None)
        children = [r for r in rows if r["relationship"] in ("son", "daughter") and r["given_name"]]
        if head and children and consents_to_tracing(head):
            number = (head["tazkira_number"] or head["por_number"]).lstrip("'")
            if number:
                pairs.append((head, number, rng.choice(children)))
    if not pairs:
        sys.exit("no head of household in %s consented to tracing: the file needs a consents column" % path)
    rng.shuffle(pairs)

    search = Client(port, *registrar)
    tracer = Client(port, *caseworker)
    created, create_ms, match_ms = [], [], []
    found = sought_consented = 0
    for head, number, child in pairs:
        if len(created) == wanted + 50:
            break
        status, answer = search.call("GET", "/api/v1/persons?" + urllib.parse.urlencode({"q": number, "page_size": 20}))
        if status != 200:
            sys.exit("search %r: %d %s" % (number, status, answer))
        inquirer = next((p for p in answer.get("items", []) if p.get("given_name") == head["given_name"]), None)
        if inquirer is None:
            continue
        sought = {"given_name": child["given_name"], "relationship_to_inquirer": child["relationship"],
                  "sex": {"m": "male", "f": "female"}.get(child["sex"].lower()[:1], "unknown")}
        birth = sought_birth(child["birth_date"])
        if birth:
            sought["birth_date"] = birth
        start = time.perf_counter()
        status, request = tracer.call("POST", "/api/v1/tracing-requests",
                                      {"inquirer_id": inquirer["id"], "sought": [sought]})
        elapsed = (time.perf_counter() - start) * 1000
        if status == 403:
            continue  # the inquirer found is a duplicate record without the consent
        if status != 201:
            sys.exit("tracing request for %s: %d %s" % (inquirer["id"], status, request))
        start = time.perf_counter()
        status, matches = tracer.call("GET", "/api/v1/tracing-requests/%s/matches" % request["id"])
        match_elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            sys.exit("matches of %s: %d %s" % (request["id"], status, matches))
        created.append(request["id"])
        if len(created) <= 50:
            continue  # warm-up: a fresh process's caches, not counted
        create_ms.append(elapsed)
        match_ms.append(match_elapsed)
        if consents_to_tracing(child):
            sought_consented += 1
            if any(m.get("household_id") == inquirer["household_id"] and m.get("person_id") != inquirer["id"]
                   for m in matches.get("matches", [])):
                found += 1

    if not match_ms:
        sys.exit("no tracing request could be opened")
    print("%-26s %7s %9s %9s %9s" % ("tracing", "count", "p50_ms", "p99_ms", "max_ms"))
    for kind, times in (("open a request", create_ms), ("matches of a request", match_ms)):
        print("%-26s %7d %9.2f %9.2f %9.2f" % (kind, len(times), percentile(times, 0.5),
                                               percentile(times, 0.99), max(times)))
    print("sought child found in the matches: %d of %d requests whose child consented to tracing"
          % (found, sought_consented))


if __name__ == "__main__":
    main()
