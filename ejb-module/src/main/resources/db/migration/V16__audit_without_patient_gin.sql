-- The GIN index on audit_event.patient_ids made every audited request (and every record's sealing) noticeably
-- slower (bench: ingest 106.8 s -> 126.6 s with the trail). Searching the trail by patient (disclosure accounting,
-- issue 7) will get its own access path when it is built; until then nothing queries by patient.
DROP INDEX audit_event_patients;
