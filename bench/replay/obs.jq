# truce decode ... --observations (NDJSON) -> CSV rows for PostGIS's COPY:
# time, kind, subject, lon, lat, altitude_m, class, flag, military, event,
# party, speed_knots (empty = NULL). Static AIS records (no position) are
# kept: they carry the class that later position reports lack.
[.time, .kind, (.subject | tostring), .lng, .lat, .altitude_m, .class,
 .flag, .military, .event, .party, .speed_knots] | @csv
