#!/usr/bin/env python3
"""Person search and candidate queries against a running `sanad serve`, one
request at a time on one kept-alive loopback connection, as a registrar's
browser makes them. Prints p50, p99 and max per kind of query (ms, whole
HTTP round trip). Run by bench/search_e2e.sh; standard library only.

  search_client.py PORT PERSONS_CSV USERNAME PASSWORD [QUERIES_PER_KIND]

Queries are drawn (seed 1) from the file the site imported:
  rare name     given + father's name of a person whose given name is rare
  common name   the first page (20) of one of the ten commonest given names
  phone         a phone number as written in the file
  document      a Tazkira or PoR number as written in the file
  candidates    POST /api/v1/persons/candidates with given, father's and
                grandfather's names, sex, birth date and province
"""
import collections
import csv
import http.client
import json
import random
import sys
import time
import urllib.parse


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    port, path, username, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    per_kind = int(sys.argv[5]) if len(sys.argv) > 5 else 300
    rng = random.Random(1)
    given_count = collections.Counter()
    sample = []  # reservoir of rows
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            given_count[row["given_name"]] += 1
            if len(sample) < 20000:
                sample.append(row)
            elif rng.random() < 20000 / (i + 1):
                sample[rng.randrange(20000)] = row
    common = [name for name, _ in given_count.most_common(10)]
    rare = [r for r in sample if given_count[r["given_name"]] <= 3 and r["father_name"]]
    phones = [r["phone"].lstrip("'") for r in sample if r["phone"]]
    documents = [r[c].lstrip("'") for r in sample for c in ("tazkira_number", "por_number") if r[c]]
    kinds = {
        "rare name": [("GET", r["given_name"] + " " + r["father_name"]) for r in rng.sample(rare, per_kind)],
        "common name (first page)": [("GET", rng.choice(common)) for _ in range(per_kind)],
        "phone": [("GET", p) for p in rng.sample(phones, per_kind)],
        "document": [("GET", d) for d in rng.sample(documents, per_kind)],
        "candidates": [("POST", r) for r in rng.sample(sample, per_kind)],
    }

    conn = http.client.HTTPConnection("127.0.0.1", int(port))
    conn.request("POST", "/api/v1/session", json.dumps({"username": username, "password": password}),
                 {"Content-Type": "application/json"})
    reply = conn.getresponse()
    body = reply.read()
    if reply.status != 200:
        sys.exit("sign-in failed: %d %s" % (reply.status, body[:200]))
    headers = {"Authorization": "Bearer " + json.loads(body)["token"], "Content-Type": "application/json"}

    # A warm-up of 50 queries of every kind, not counted (a fresh process's
    # caches), then the measured ones.
    warm_up = {kind: queries[:50] for kind, queries in kinds.items()}
    run(conn, headers, warm_up, quiet=True)
    run(conn, headers, kinds, quiet=False)


def run(conn, headers, kinds, quiet):
    if not quiet:
        print("%-26s %7s %9s %9s %9s %10s" % ("query", "count", "p50_ms", "p99_ms", "max_ms", "found"))
    for kind, queries in kinds.items():
        times, found = [], 0
        for method, q in queries:
            if method == "GET":
                url = "/api/v1/persons?" + urllib.parse.urlencode({"q": q, "page_size": 20})
                data = None
            else:
                url = "/api/v1/persons/candidates"
                person = {k: q[k] for k in ("given_name", "father_name", "grandfather_name", "birth_date")
                          if q[k]}
                if q["sex"] in ("male", "female"):
                    person["sex"] = q["sex"]
                person["province"] = q["province"]
                data = json.dumps(person)
            start = time.perf_counter()
            conn.request(method, url, data, headers)
            reply = conn.getresponse()
            body = reply.read()
            times.append((time.perf_counter() - start) * 1000)
            if reply.status != 200:
                sys.exit("%s %r: %d %s" % (kind, q if method == "GET" else url, reply.status, body[:300]))
            answer = json.loads(body)
            if answer.get("items") or answer.get("candidates"):
                found += 1
            elif method == "GET" and not quiet:
                print("  found nothing: %r" % q, file=sys.stderr)
        if quiet:
            continue
        slowest = sorted(zip(times, queries), key=lambda t: -t[0])[:3]
        print("  slowest %s: %s" % (kind, ", ".join(
            "%.0f ms %r" % (t, q if m == "GET" else q["given_name"]) for t, (m, q) in slowest)),
            file=sys.stderr)
        print("%-26s %7d %9.2f %9.2f %9.2f %6d/%d" % (kind, len(times), percentile(times, 0.5),
                                                     percentile(times, 0.99), max(times), found,
                                                     len(times)))


if __name__ == "__main__":
    main()
