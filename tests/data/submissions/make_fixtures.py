#!/usr/bin/env python3
"""Writes the fixture exports of forms/sanad-household.xlsx in the shapes
KoboToolbox and ODK Central give them, for tests/cli/submission_import_test.cc
and tests/core/submission_test.cc:

  kobo.json, kobo-edited.json, kobo-bad.json   KoboToolbox API v2 JSON
  odk.json, odk-edited.json, odk-bad.json      ODK Central OData, $expand=*
  odk.csv.zip, odk-edited.csv.zip, odk-bad.csv.zip  ODK Central's CSV zip
  kobo.csv                                      Kobo's own CSV (no roster)

The same six households (1, 2, 4, 7, 9 and 12 members) are in each format,
with different instanceIDs per tool (the same families registered twice).
"-edited" has household 3 edited (a name corrected, a baby added: a new
instanceID naming the old one); "-bad" adds a good household and a bad one
(a Solar Hijri month 13, a sex the form does not have). Run it again after
changing it; the files are committed. Deterministic: fixed ids and times.
"""
import copy
import csv
import io
import json
import os
import uuid
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NS = uuid.UUID("6c3d1f7e-2b9a-4c55-9d0e-1a2b3c4d5e6f")


def uid(tool, name):
    return "uuid:" + str(uuid.uuid5(NS, tool + "/" + name))


def E(text):
    """Eastern Arabic-Indic (Persian) digits, as a Dari keyboard types them."""
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def member(given, father, grandfather, sex, rel, birth="", phone="", docs="", numbers=None,
           vulner="", consents="registration", family=""):
    m = {"given_name": given, "father_name": father, "grandfather_name": grandfather,
         "family_name": family, "sex": sex, "relationship": rel, "birth_date": birth,
         "phone": phone, "documents": docs, "vulnerabilities": vulner, "consents": consents}
    for k, v in (numbers or {}).items():
        m[k] = v
    return {k: v for k, v in m.items() if v != ""}


CHILDREN_M = ["Ahmad Shah", "Abdul Wali", "Mirwais", "Hamid", "Zabihullah", "Samiullah"]
CHILDREN_F = ["Marzia", "Nazo", "Shabana", "Palwasha", "Gulalai", "Mahbooba"]


def children(father, grandfather, count, first_year):
    out = []
    for i in range(count):
        girl = i % 2 == 1
        given = (CHILDREN_F if girl else CHILDREN_M)[i // 2 % 6]
        out.append(member(given, father, grandfather, "f" if girl else "m",
                          "daughter" if girl else "son",
                          birth=f"{first_year + 2 * i}/{(i * 5) % 12 + 1:02d}/{(i * 7) % 28 + 1:02d}",
                          consents="registration assistance"))
    return out


def households():
    h1 = {"origin_province": "Khyber Pakhtunkhwa", "origin_district": "Peshawar",
          "current_location": "Torkham", "destination_province": "nangarhar",
          "destination_district": "Behsud",
          "members": [member("Gul Ahmad", "Sher Ahmad", "Noor Ahmad", "m", "head", birth="1361",
                             phone="+92 300 1234567", docs="por tazkira",
                             numbers={"por_number": E("45218763"), "por_valid_until": "2025-06-30",
                                      "tazkira_number": "1398-0101-23456"},
                             consents="registration assistance legal_aid")]}
    h2 = {"origin_province": "Punjab", "origin_district": "Rawalpindi",
          "current_location": "Torkham", "destination_province": "kabul",
          "destination_district": "Paghman",
          "members": [member("زرغونه", "عبدالله", "محمد اکبر", "f", "head",
                             birth=E("1368/05/12"), phone=E("0700123456"), docs="acc",
                             numbers={"acc_number": E("7781234")}, vulner="female_head",
                             consents="registration assistance referral"),
                      member("ملالی", "فضل احمد", "عبدالله", "f", "daughter", birth="1392/11/03",
                             consents="registration")]}
    h3 = {"origin_province": "Sindh", "origin_district": "Karachi",
          "current_location": "Spin Boldak", "destination_province": "kandahar",
          "destination_district": "Daman",
          "members": [member("محمد زمان", "غلام حضرت", "دین محمد", "m", "head", birth="1355",
                             docs="e_tazkira", numbers={"e_tazkira_number": E("1401-0203-04567")},
                             consents="registration assistance tracing"),
                      member("Bibi Gul", "Abdul Rahman", "Mohammad Nabi", "f", "spouse",
                             birth="1360/02", vulner="medical"),
                      member("Abdul Rahman", "Mohammad Zaman", "Ghulam Hazrat", "m", "son",
                             birth="1383/07/19", docs="tazkira",
                             numbers={"tazkira_number": "1399-0112-00871"}),
                      member("Nazo", "Mohammad Zaman", "Ghulam Hazrat", "f", "daughter",
                             birth="1390/01/01")]}
    h4 = {"origin_province": "Balochistan", "origin_district": "Quetta",
          "current_location": "Spin Boldak", "destination_province": "helmand",
          "destination_district": "Nad Ali",
          "members": [member("Din Mohammad", "Sardar Mohammad", "Wali Mohammad", "m", "head",
                             birth="1350/03/15", phone="0799 555 321", docs="por",
                             numbers={"por_number": "PK-0912-3345"}, vulner="disability",
                             consents="registration assistance legal_aid"),
                      member("Shirin", "Khan Mohammad", "Sher Khan", "f", "spouse", birth="1354")]
          + children("Din Mohammad", "Sardar Mohammad", 4, 1376)
          + [member("Sardar Mohammad", "Wali Mohammad", "Akbar", "m", "father", birth="1320",
                    vulner="elderly_alone medical")]}
    h5 = {"origin_province": "Khyber Pakhtunkhwa", "origin_district": "Nowshera",
          "current_location": "Torkham", "destination_province": "laghman",
          "destination_district": "Mihtarlam",
          "members": [member("Noor Ahmad", "Haji Gul", "Mir Ahmad", "m", "head", birth="1358/09/01",
                             phone=E("+93 78 654 3210"), docs="tazkira por",
                             numbers={"tazkira_number": E("2211-3344"),
                                      "por_number": E("60331122"),
                                      "por_valid_until": "2025-06-30"},
                             consents="registration assistance tracing legal_aid"),
                      member("Pari Gul", "Sahib Khan", "Dost Mohammad", "f", "spouse",
                             birth="1362/10", vulner="pregnant_lactating"),
                      member("Haji Gul", "Mir Ahmad", "Sultan", "m", "father", birth="1330"),
                      member("Bakht Bibi", "Juma Khan", "Ghazi", "f", "mother", birth="1334")]
          + children("Noor Ahmad", "Haji Gul", 5, 1381)}
    h6 = {"origin_province": "Islamabad Capital Territory", "origin_district": "Islamabad",
          "current_location": "Torkham", "destination_province": "sar_e_pol",
          "destination_district": "Sancharak",
          "members": [member("Abdul Qadir", "Abdul Hakim", "Abdul Karim", "m", "head",
                             birth="1345", docs="passport visa", family="Sultani",
                             numbers={"passport_number": "P01234567"},
                             consents="registration assistance tracing legal_aid referral"),
                      member("Fatima", "Ghulam Sakhi", "Rahim", "f", "spouse", birth="1350"),
                      member("Rahmatullah", "Abdul Qadir", "Abdul Hakim", "m", "son",
                             birth="1370/06/06", docs="acc", numbers={"acc_number": "ACC-558811"}),
                      member("Sima", "Mohammad Nasim", "Karim", "f", "other_relative",
                             birth="1373"),
                      member("Hasina", "Rahmatullah", "Abdul Qadir", "f", "grandchild",
                             birth="1396/04/20"),
                      member("Yasin", "Rahmatullah", "Abdul Qadir", "m", "grandchild",
                             birth="1398/08/10"),
                      member("Omid", "Shafiq", "Nabi", "m", "not_related", birth="1388",
                             vulner="uasc", consents="registration tracing")]
          + children("Abdul Qadir", "Abdul Hakim", 5, 1372)}
    return [h1, h2, h3, h4, h5, h6]


def extra_households():
    good = {"origin_province": "Punjab", "origin_district": "Lahore",
            "current_location": "Torkham", "destination_province": "kunduz",
            "destination_district": "Imam Sahib",
            "members": [member("Habibullah", "Aminullah", "Saifullah", "m", "head", birth="1366"),
                        member("Roya", "Aminullah", "Saifullah", "f", "sister", birth="1371/03"),
                        member("Farid", "Habibullah", "Aminullah", "m", "son", birth="1395")]}
    bad = {"origin_province": "Sindh", "origin_district": "Hyderabad",
           "current_location": "Spin Boldak", "destination_province": "kandahar",
           "members": [member("Wahidullah", "Khair Mohammad", "Gul", "m", "head", birth="1364"),
                       member("Lailuma", "Khair Mohammad", "Gul", "x", "sister",
                              birth=E("1402/13/05"))]}
    return good, bad


def edited(h3):
    h = copy.deepcopy(h3)
    h["members"][1]["given_name"] = "Bibi Gula"
    h["members"].append(member("Zarmina", "Mohammad Zaman", "Ghulam Hazrat", "f", "daughter",
                               birth="1403/08/10"))
    return h


HOUSEHOLD_KEYS = ["origin_province", "origin_district", "current_location",
                  "destination_province", "destination_district"]
MEMBER_KEYS = ["given_name", "father_name", "grandfather_name", "family_name", "sex",
               "relationship", "birth_date", "phone", "documents", "tazkira_number",
               "e_tazkira_number", "por_number", "por_valid_until", "acc_number",
               "passport_number", "vulnerabilities", "consents"]


def when(i, edit=0):
    day = 10 + i
    return {"start": f"2025-04-{day}T09:{10 + i:02d}:03.412+04:30",
            "end": f"2025-04-{day}T09:{20 + i:02d}:41.090+04:30",
            "today": f"2025-04-{day}",
            "submitted": f"2025-04-{day}T05:{30 + i + edit:02d}:11"}


# --- KoboToolbox ------------------------------------------------------------

def kobo_submission(i, h, instance, deprecated=None, edit=0):
    t = when(i, edit)
    s = {"_id": 301234560 + i + 100 * edit,
         "formhub/uuid": "b3c7d19e0f2a4e5c8a6b1d2e3f405162",
         "start": t["start"], "end": t["end"], "today": t["today"]}
    for k in HOUSEHOLD_KEYS:
        if k in h:
            s["household/" + k] = h[k]
    s["household/members"] = [
        {"household/members/" + k: m[k] for k in MEMBER_KEYS if k in m} for m in h["members"]]
    s["__version__"] = "vQm5oW7rXk2hJb9sT3aYcD"
    s["meta/instanceID"] = instance
    if deprecated:
        s["meta/deprecatedID"] = deprecated
    s.update({"_xform_id_string": "aHv8kP3nRt6yQe2mZx9wLs", "_uuid": instance[len("uuid:"):],
              "_attachments": [], "_status": "submitted_via_web",
              "_geolocation": [None, None], "_submission_time": t["submitted"],
              "_tags": [], "_notes": [], "_validation_status": {},
              "_submitted_by": "registrar_torkham"})
    return s


def write_kobo(name, submissions):
    body = {"count": len(submissions), "next": None, "previous": None, "results": submissions}
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(body, f, ensure_ascii=False, indent=1)
        f.write("\n")


# --- ODK Central OData --------------------------------------------------------

def odk_submission(i, h, instance, root, edits=0):
    t = when(i, edits)
    household = {}
    for k in HOUSEHOLD_KEYS:
        household[k] = h.get(k)
    household["members"] = []
    for n, m in enumerate(h["members"]):
        item = {k: m.get(k) for k in MEMBER_KEYS}
        item["__id"] = str(uuid.uuid5(NS, root + "/members/" + str(n)))
        household["members"].append(item)
    return {"__id": root, "start": t["start"], "end": t["end"], "today": t["today"],
            "household": household, "meta": {"instanceID": instance},
            "__system": {"submissionDate": t["submitted"] + ".000Z",
                         "updatedAt": (t["submitted"] + ".000Z") if edits else None,
                         "submitterId": "7", "submitterName": "registrar-torkham",
                         "attachmentsPresent": 0, "attachmentsExpected": 0, "status": None,
                         "reviewState": "edited" if edits else None,
                         "deviceId": "collect:Xy7Qe2bT9kLm4RsA", "edits": edits,
                         "formVersion": "2025120101"}}


def write_odata(name, submissions):
    body = {"@odata.context":
            "https://central.example.org/v1/projects/3/forms/sanad_household.svc/$metadata#Submissions",
            "value": submissions}
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(body, f, ensure_ascii=False, indent=1)
        f.write("\n")


# --- ODK Central CSV zip -------------------------------------------------------

ROOT_HEADER = (["SubmissionDate", "start", "end", "today"]
               + ["household-" + k for k in HOUSEHOLD_KEYS]
               + ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                  "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
                  "FormVersion"])


def write_zip(name, submissions):
    """submissions: (i, household, instanceID, root KEY, edits)."""
    root = io.StringIO()
    members = io.StringIO()
    rw = csv.writer(root, lineterminator="\n")
    mw = csv.writer(members, lineterminator="\n")
    rw.writerow(ROOT_HEADER)
    mw.writerow(MEMBER_KEYS + ["PARENT_KEY", "KEY"])
    for i, h, instance, key, edits in submissions:
        t = when(i, edits)
        rw.writerow([t["submitted"] + ".000Z", t["start"], t["end"], t["today"]]
                    + [h.get(k, "") for k in HOUSEHOLD_KEYS]
                    + [instance, key, "7", "registrar-torkham", "0", "0", "",
                       "edited" if edits else "", "collect:Xy7Qe2bT9kLm4RsA", str(edits),
                       "2025120101"])
        for n, m in enumerate(h["members"]):
            mw.writerow([m.get(k, "") for k in MEMBER_KEYS]
                        + [key, f"{key}/household/members[{n + 1}]"])
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for file_name, text in (("sanad_household.csv", root.getvalue()),
                                ("sanad_household-household-members.csv", members.getvalue())):
            info = zipfile.ZipInfo(file_name, date_time=(2025, 4, 20, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def write_kobo_csv(name, hs):
    """Kobo's CSV export: ';'-separated, groups joined by '/', and no roster."""
    header = (["start", "end", "today"] + ["household/" + k for k in HOUSEHOLD_KEYS]
              + ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                 "_submitted_by", "__version__", "_tags", "_index"])
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(header)
    for i, h in enumerate(hs):
        t = when(i)
        instance = uid("kobo", str(i))
        w.writerow([t["start"], t["end"], t["today"]] + [h.get(k, "") for k in HOUSEHOLD_KEYS]
                   + [301234560 + i, instance[5:], t["submitted"], "", "", "submitted_via_web",
                      "registrar_torkham", "vQm5oW7rXk2hJb9sT3aYcD", "", i + 1])
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(out.getvalue())


def main():
    hs = households()
    good, bad = extra_households()
    h3_edited = edited(hs[2])

    kobo = [kobo_submission(i, h, uid("kobo", str(i))) for i, h in enumerate(hs)]
    write_kobo("kobo.json", kobo)
    kobo_edit = list(kobo)
    kobo_edit[2] = kobo_submission(2, h3_edited, uid("kobo", "2-edit"),
                                   deprecated=uid("kobo", "2"), edit=1)
    write_kobo("kobo-edited.json", kobo_edit)
    write_kobo("kobo-bad.json", kobo + [kobo_submission(6, good, uid("kobo", "6")),
                                        kobo_submission(7, bad, uid("kobo", "7"))])

    odk = [odk_submission(i, h, uid("odk", str(i)), uid("odk", str(i))) for i, h in enumerate(hs)]
    write_odata("odk.json", odk)
    odk_edit = list(odk)
    odk_edit[2] = odk_submission(2, h3_edited, uid("odk", "2-edit"), uid("odk", "2"), edits=1)
    write_odata("odk-edited.json", odk_edit)
    write_odata("odk-bad.json", odk + [odk_submission(6, good, uid("odk", "6"), uid("odk", "6")),
                                       odk_submission(7, bad, uid("odk", "7"), uid("odk", "7"))])

    rows = [(i, h, uid("odkzip", str(i)), uid("odkzip", str(i)), 0) for i, h in enumerate(hs)]
    write_zip("odk.csv.zip", rows)
    rows_edit = list(rows)
    rows_edit[2] = (2, h3_edited, uid("odkzip", "2-edit"), uid("odkzip", "2"), 1)
    write_zip("odk-edited.csv.zip", rows_edit)
    write_zip("odk-bad.csv.zip", rows + [(6, good, uid("odkzip", "6"), uid("odkzip", "6"), 0),
                                         (7, bad, uid("odkzip", "7"), uid("odkzip", "7"), 0)])
    write_kobo_csv("kobo.csv", hs)


if __name__ == "__main__":
    main()
