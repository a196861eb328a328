#!/usr/bin/env python3
"""Writes the NCT03608358 screening fixtures: FHIR R4 Bundles of one patient's
records (Patient, the diabetes Condition, four Observations, then the history:
more Conditions and MedicationStatements, from which the hospital issues its
attested condition and medication lists) for one eligible patient, eligible
variants whose history only just escapes an exclusion, and patients who each
fail exactly one criterion of examples/policies/nct03608358.json on the
reference date 2026-12-01. Synthetic data; run from this directory:

    python3 make.py
"""
import json

ELIGIBLE = {
    "gender": "male",
    "birth": "1968-04-12",
    "icd10": "E11.9",
    "status": "active",
    "hba1c": ("4548-4", 8.7, "%", "2026-11-20"),
    "bmi": ("39156-5", 33.4, "kg/m2", "2026-11-20"),
    "egfr": ("98979-8", 74, "mL/min/{1.73_m2}", "2026-11-20"),
    "creatinine": ("14682-9", 115, "umol/L", "2026-11-20"),  # 1.301 mg/dL
    # (kind, code, status, start, end): conditions by ICD-10-CM, medications by ATC.
    "history": [
        ("condition", "I10", "active", "2016-02-01", None),
        ("condition", "K35.80", "resolved", "2004-05-02", "2004-05-10"),
        ("medication", "A10BA02", "active", "2019-03-15", None),  # metformin: allowed
        ("medication", "C10AA05", "active", "2016-02-10", None),  # atorvastatin
    ],
}


def history(*extra):
    return {"history": ELIGIBLE["history"] + list(extra)}

# name -> (changes, the clause of the policy that fails)
INELIGIBLE = {
    "type-1-diabetes": ({"icd10": "E10.9"}, 0),
    "diagnosis-resolved": ({"status": "resolved"}, 1),
    "hba1c-too-high": ({"hba1c": ("4548-4", 11.8, "%", "2026-11-20")}, 3),
    "hba1c-too-old": ({"hba1c": ("4548-4", 8.7, "%", "2026-11-02")}, 4),
    "bmi-over-40": ({"bmi": ("39156-5", 41.2, "kg/m2", "2026-11-20")}, 6),
    "egfr-below-60": ({"egfr": ("98979-8", 52, "mL/min/{1.73_m2}", "2026-11-20")}, 9),
    "creatinine-high-man": ({"creatinine": ("2160-0", 1.52, "mg/dL", "2026-11-20")}, 12),
    "creatinine-high-woman": ({"gender": "female", "creatinine": ("14682-9", 126, "umol/L", "2026-11-20")}, 13),
    "under-18": ({"birth": "2008-12-02"}, 15),
}

# name -> (history added, the list check of the policy that fails)
EXCLUDED = {
    "history-type-1-diabetes": (("condition", "E10.9", "resolved", "2001-01-10", "2010-01-01"), 0),
    "diabetes-insipidus": (("condition", "E23.2", "active", "2024-06-01", None), 1),
    "end-stage-renal-disease": (("condition", "N18.6", "active", "2025-09-01", None), 3),
    "cirrhosis": (("condition", "K74.60", "active", "2023-03-01", None), 4),
    "pregnant": (("condition", "Z33.1", "active", "2026-10-01", None), 6),
    "dka-last-month": (("condition", "E11.10", "resolved", "2026-11-12", "2026-11-15"), 8),
    "insulin-last-month": (("medication", "A10AE04", "completed", "2026-10-01", "2026-11-10"), 10),
    "sglt2-inhibitor": (("medication", "A10BK03", "active", "2026-06-01", None), 17),
}

# Histories that meet an exclusion's code but not its window, or an allowed drug: eligible.
ELIGIBLE_VARIANTS = {
    "dka-long-ago": ("condition", "E11.10", "resolved", "2019-05-30", "2019-06-02"),
    "insulin-years-ago": ("medication", "A10AE04", "completed", "2017-01-01", "2018-02-01"),
    "insulin-stopped-57-days-ago": ("medication", "A10AE04", "completed", "2026-09-01", "2026-10-05"),
    "sitagliptin": ("medication", "A10BH01", "active", "2025-01-01", None),
}

NAMES = {"4548-4": "Hemoglobin A1c/Hemoglobin.total in Blood", "39156-5": "Body mass index (BMI) [Ratio]",
         "98979-8": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
         "14682-9": "Creatinine [Moles/volume] in Serum or Plasma", "2160-0": "Creatinine [Mass/volume] in Serum or Plasma"}


def bundle(p, name):
    entries = [
        {"resourceType": "Patient", "id": f"{name}-patient", "gender": p["gender"], "birthDate": p["birth"]},
        {"resourceType": "Condition", "id": f"{name}-diabetes",
         "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": p["status"]}]},
         "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": p["icd10"]}]},
         "onsetDateTime": "2019-03-01"},
    ]
    for i, (kind, code, status, start, end) in enumerate(p["history"]):
        if kind == "condition":
            c = {"resourceType": "Condition", "id": f"{name}-history-{i}",
                 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]},
                 "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code}]},
                 "onsetDateTime": start}
            if end:
                c["abatementDateTime"] = end
        else:
            c = {"resourceType": "MedicationStatement", "id": f"{name}-history-{i}", "status": status,
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": code}]},
                 "subject": {"reference": f"Patient/{name}-patient"},
                 "effectivePeriod": {"start": start, **({"end": end} if end else {})}}
        entries.append(c)
    for lab in ["hba1c", "bmi", "egfr", "creatinine"]:
        loinc, value, unit, date = p[lab]
        entries.append({"resourceType": "Observation", "id": f"{name}-{lab}", "status": "final",
                        "code": {"coding": [{"system": "http://loinc.org", "code": loinc, "display": NAMES[loinc]}]},
                        "effectiveDateTime": date,
                        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}})
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in entries]}


def write(name, p):
    with open(f"{name}.json", "w") as f:
        json.dump(bundle(p, name), f, indent=1)
        f.write("\n")


write("eligible", ELIGIBLE)
for name, (changes, clause) in INELIGIBLE.items():
    write(name, {**ELIGIBLE, **changes})
for name, (entry, check) in EXCLUDED.items():
    write(name, {**ELIGIBLE, **history(entry)})
for name, entry in ELIGIBLE_VARIANTS.items():
    write(name, {**ELIGIBLE, **history(entry)})
failing = {f"{n}.json": f"clause {c}" for n, (_, c) in INELIGIBLE.items()}
failing.update({f"{n}.json": f"list check {c}" for n, (_, c) in EXCLUDED.items()})
with open("expected.json", "w") as f:
    json.dump({"reference_date": "2026-12-01", "eligible": ["eligible.json"] + [f"{n}.json" for n in ELIGIBLE_VARIANTS],
               "ineligible": failing}, f, indent=1)
    f.write("\n")
