-- The agreement's position rules (examples/ceasefire-2025/agreement.yaml) as
-- SQL over the table pos (one row per decoded position: bench/run.sh's
-- replay section loads it), zones(id, geom) and lines(id, geog). Written out
-- by hand from the agreement; what it does not do is listed in
-- bench/README.md ("Whole replay"). Each statement between "-- step NAME"
-- markers is timed on its own by bench/run.sh.

-- step rules_tables
CREATE TABLE rule_zone(rule text, zone text, classes text[]);
INSERT INTO rule_zone VALUES
  ('disengage-chasiv-yar', 'disengagement-chasiv-yar',
   '{troops,tank,armoured_vehicle,artillery_ge_100mm,weapon_lt_100mm}'),
  ('disengage-orikhiv', 'disengagement-orikhiv',
   '{troops,tank,armoured_vehicle,artillery_ge_100mm,weapon_lt_100mm}'),
  ('disengage-kherson', 'disengagement-kherson',
   '{troops,tank,armoured_vehicle,artillery_ge_100mm,weapon_lt_100mm}');
CREATE TABLE withdrawal(rule text, classes text[], distance_m float8,
  deadline timestamptz);
INSERT INTO withdrawal VALUES
  ('withdraw-light', '{weapon_lt_100mm}', 15000, '2025-06-15T00:00:00Z'),
  ('withdraw-artillery', '{artillery_ge_100mm}', 50000, '2025-06-15T00:00:00Z'),
  ('withdraw-mlrs', '{mlrs}', 70000, '2025-06-15T00:00:00Z'),
  ('withdraw-heavy', '{heavy_mlrs,tactical_missile}', 140000,
   '2025-06-15T00:00:00Z');
CREATE TABLE party(id text, line text);
INSERT INTO party VALUES ('A', 'ref-a'), ('B', 'ref-b');
ANALYZE rule_zone;
ANALYZE withdrawal;
ANALYZE party;

-- step exclusion_zones
-- Point in polygon (RFC 7946 lon/lat edges = planar geometry in lon/lat,
-- GiST on pos.geom) with the rule's classes.
CREATE TABLE r_exclusion AS
SELECT r.rule, p.kind, p.subject, p.t
FROM rule_zone r JOIN zones z ON z.id = r.zone
JOIN pos p ON ST_Covers(z.geom, p.geom)
WHERE p.klass = ANY (r.classes);

-- step airspace_band
-- no-fly: 30 km either side of the contact line, 0-15,000 m, military and
-- UAV aircraft, two exempt ICAO addresses.
CREATE TABLE r_airspace AS
SELECT 'no-fly'::text AS rule, p.subject, p.t
FROM pos p, lines l
WHERE l.id = 'contact' AND p.kind = 'aircraft'
  AND p.klass IN ('military', 'uav')
  AND lower(p.subject) NOT IN ('ae0001', 'ae0002')
  AND p.alt_m BETWEEN 0 AND 15000
  AND ST_DWithin(l.geog, p.geog, 30000);

-- step corridor_membership
-- corridor-conduct: the merchant (civilian) vessels' fixes inside the
-- corridor.
CREATE TABLE in_corridor AS
SELECT p.subject, p.t, p.geog
FROM pos p, zones z
WHERE z.id = 'corridor' AND p.kind = 'vessel'
  AND p.klass = 'civilian_vessel' AND ST_Covers(z.geom, p.geom);

-- step ais_gaps
-- corridor-conduct: silences longer than max_gap (30 min) between
-- consecutive fixes of a vessel inside the corridor.
CREATE TABLE r_gaps AS
SELECT subject, t - gap AS gap_from, t AS gap_to FROM (
  SELECT subject, t, t - lag(t) OVER (PARTITION BY subject ORDER BY t) AS gap
  FROM in_corridor) g
WHERE gap > interval '30 minutes';

-- step escort_10nm
-- corridor-escort: a military vessel (not an exempt escort) within 10 nm of
-- a merchant vessel in the corridor, fixes matched by the same minute.
CREATE TABLE r_escort AS
WITH c AS (
  SELECT DISTINCT ON (subject, date_trunc('minute', t)) subject,
    date_trunc('minute', t) AS minute, geog
  FROM in_corridor ORDER BY subject, date_trunc('minute', t), t),
m AS (
  SELECT DISTINCT ON (subject, date_trunc('minute', t)) subject,
    date_trunc('minute', t) AS minute, geog
  FROM pos
  WHERE kind = 'vessel' AND klass = 'military_vessel'
    AND subject NOT IN ('247000001', '271000001')
  ORDER BY subject, date_trunc('minute', t), t)
SELECT m.subject, m.minute, c.subject AS near
FROM m JOIN c ON c.minute = m.minute AND ST_DWithin(m.geog, c.geog, 18520);

-- step withdrawal_bands
-- withdraw-*: equipment sightings of the rule's classes closer to their own
-- party's reference line than the rule's distance, after the deadline.
CREATE TABLE r_withdrawal AS
SELECT w.rule, p.subject, p.t
FROM pos p JOIN withdrawal w ON p.klass = ANY (w.classes)
JOIN party a ON a.id = p.party JOIN lines l ON l.id = a.line
WHERE p.kind = 'report' AND p.event = 'equipment_sighting'
  AND p.t >= w.deadline AND ST_DWithin(l.geog, p.geog, w.distance_m);
