//! FHIR R4 import.
