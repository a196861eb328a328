#!/usr/bin/env python3
"""Writes the NCT03608358 screening fixtures: FHIR R4 Bundles of one patient's
records (Patient, Condition, four Observations) for one eligible patient and
patients who each fail exactly one criterion of examples/policies/nct03608358.json
on the reference date 2026-12-01. Synthetic data; run from this directory:

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
}

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
with open("expected.json", "w") as f:
    json.dump({"reference_date": "2026-12-01", "eligible": "eligible.json",
               "ineligible": {f"{n}.json": c for n, (_, c) in INELIGIBLE.items()}}, f, indent=1)
    f.write("\n")
